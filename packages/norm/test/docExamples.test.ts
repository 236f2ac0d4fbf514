/**
 * Every fenced ```ts example in the TSDoc of `src/` runs (with its commented values checked), with every public
 * name of `@stepwise/tensor`, `@stepwise/nn` and this package in scope; see `tooling/vitest/docExamples.ts`.
 */
import { join } from 'node:path';
import * as nnApi from '@stepwise/nn';
import * as tensorApi from '@stepwise/tensor';
import { describeDocExamples } from '../../../tooling/vitest/docExamples.js';
import * as normApi from '../src/index.js';

// Tensor names win over the nn initializer factories of the same name (`ones`, `zeros`).
describeDocExamples(join(import.meta.dirname, '..', 'src'), { ...nnApi, ...tensorApi, ...normApi });
