import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../tooling/vitest/shared.js';

export default mergeConfig(sharedConfig, defineProject({ test: { name: 'nn' } }));
