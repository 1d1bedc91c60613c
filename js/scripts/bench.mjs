// Measures how long `load()` takes and the median time of one `check('git status')` over many calls.
import { performance } from "node:perf_hooks";

const CALLS = 2_000;
const WARMUP = 50;

const { load } = await import("../dist/index.js");

const loadStart = performance.now();
const loaded = await load();
const loadMs = performance.now() - loadStart;

const createStart = performance.now();
const engine = loaded.createEngine();
const createMs = performance.now() - createStart;

for (let i = 0; i < WARMUP; i += 1) {
  engine.check("git status");
}
const samples = [];
for (let i = 0; i < CALLS; i += 1) {
  const start = performance.now();
  engine.check("git status");
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
const percentile = (p) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))];

console.log(`load:          ${loadMs.toFixed(1)} ms`);
console.log(`createEngine:  ${createMs.toFixed(1)} ms`);
console.log(`check('git status') over ${CALLS} calls: median ${(percentile(0.5) * 1000).toFixed(0)} µs, ` +
  `p90 ${(percentile(0.9) * 1000).toFixed(0)} µs, p99 ${(percentile(0.99) * 1000).toFixed(0)} µs`);
