import { describe, expect, it } from 'vitest';
import { readStatedCounts } from './read-stated-counts';

describe('readStatedCounts', () => {
  it.each([
    ['共收集意见建议36条；开展谈心谈话45人次；组织集中学习12次。', { opinions: 36, talks: 45, studySessions: 12 }],
    ['征求到意见和建议二十三条，谈心谈话一百二十余人次，专题学习研讨六次。', { opinions: 23, talks: 120, studySessions: 6 }],
    ['梳理出28条意见建议，开展学习研讨3场。', { opinions: 28, talks: null, studySessions: 3 }],
    ['在认真组织学习和广泛征求意见基础上，重点从三个方面查找问题。', { opinions: null, talks: null, studySessions: null }],
    ['广泛征求意见，梳理出问题3个方面。谈话覆盖全体党员。', { opinions: null, talks: null, studySessions: null }],
    ['', { opinions: null, talks: null, studySessions: null }],
  ])('%s', (text, expected) => {
    expect(readStatedCounts(text)).toEqual(expected);
  });
});
