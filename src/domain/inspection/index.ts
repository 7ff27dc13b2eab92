export type * from './types';
export { parseInspectionReport } from './parse-inspection-report';
export { normaliseText, toSpan, isNoiseLine } from './normalise-text';
export { buildOutline } from './outline';
export { extractItemTitle, extractExamples } from './classify-sections';
export { readStatedCounts } from './read-stated-counts';
export { detectKind } from './detect-kind';
export { linkItems, buildVectors, cosine } from './link-items';
export { segmentWords, extractContentWords } from './segment-words';
export {
  assessQuality,
  findRepeatedProblems,
  findPlaceholders,
  scoreProblemSpecificity,
  measureProblemCauseShare,
} from './assess-quality';
