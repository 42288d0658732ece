/**
 * Property tests (fast-check) use a fixed seed, so CI sees the same generated cases on every
 * run and a failure reproduces. SVCNET_FUZZ_SEED=random explores new cases; a number replays one.
 */
import fc from 'fast-check';

const seed = process.env.SVCNET_FUZZ_SEED;
fc.configureGlobal(seed === 'random' ? {} : { seed: Number(seed ?? 20261127) });
