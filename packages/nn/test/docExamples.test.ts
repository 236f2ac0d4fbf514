/**
 * Every fenced ```ts example in the TSDoc of `src/` runs (with its commented values checked), with every public
 * name of `@stepwise/tensor` and `@stepwise/nn` in scope; see `tooling/vitest/docExamples.ts`.
 */
import { join } from 'node:path';
import * as tensorApi from '@stepwise/tensor';
import { describeDocExamples } from '../../../tooling/vitest/docExamples.js';
import * as nnApi from '../src/index.js';

describeDocExamples(join(import.meta.dirname, '..', 'src'), { ...tensorApi, ...nnApi });
