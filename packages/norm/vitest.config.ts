import { sharedConfig } from '../../tooling/vitest/shared.js';
import { defineProject, mergeConfig } from 'vitest/config';

export default mergeConfig(sharedConfig, defineProject({ test: { name: 'norm' } }));
