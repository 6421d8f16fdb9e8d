export * from './types.js';
export { analyzeStream, analyzeText, analyzeModel, buildBaseline, type AnalyzeOptions } from './analyze.js';
export { redact, redactDeep } from './redact.js';
export { BUILTIN_RULES, type Rule } from './rules/index.js';
