import { describe, expect, it } from 'vitest';
import { buildOutline, capTitle } from './outline';

/** level|style|marker|ordinal|title for every node, in document order. */
const show = (text: string) =>
  buildOutline(text).nodes.map((n) => [n.level, n.style, n.marker, n.ordinal ?? '-', n.title].join('|'));

describe('buildOutline: headings at line starts', () => {
  it.each([
    [
      'styles nest in the order they first appear, and return to their level',
      '材料\n一、存在问题\n（一）学习方面\n1.学习不深\n（1）细节一\n①要点\n2.运用不够\n（二）作风方面\n1.作风不实\n二、整改措施\n1.加强学习',
      [
        '1|cn_dun|一、|1|存在问题',
        '2|cn_paren|（一）|1|学习方面',
        '3|num_dot|1.|1|学习不深',
        '4|num_paren|（1）|1|细节一',
        '5|circled|①|1|要点',
        '3|num_dot|2.|2|运用不够',
        '2|cn_paren|（二）|2|作风方面',
        '3|num_dot|1.|1|作风不实',
        '1|cn_dun|二、|2|整改措施',
        '2|num_dot|1.|1|加强学习',
      ],
    ],
    [
      'chapters and decimal numbering by depth',
      '材料\n第一部分 对照检查\n1.1 学习\n1.1.1 细节\n1.2 作风\n第二部分 整改',
      ['1|chapter|第一部分|1|对照检查', '2|decimal|1.1|1|学习', '3|decimal|1.1.1|1|细节', '2|decimal|1.2|2|作风', '1|chapter|第二部分|2|整改'],
    ],
    [
      'numbered problem labels with their fields',
      '材料\n问题1：学习不深。\n成因：思想松。\n整改措施：\n1.加强学习\n问题二：作风不实。',
      ['1|label_numbered|问题1：|1|学习不深', '2|label|成因：|-|成因', '2|label|整改措施：|-|整改措施', '3|num_dot|1.|1|加强学习', '1|label_numbered|问题二：|2|作风不实'],
    ],
    [
      'a label after the numbering names the field',
      '报告\n（一）问题描述：记录不全。\n整改情况：已完成。',
      ['1|cn_paren|（一）|1|记录不全', '2|label|整改情况：|-|整改情况'],
    ],
    [
      'unnumbered section headings',
      '材料\n【存在问题】\n1、学习不够\n原因分析\n1、放松要求',
      ['1|plain||-|存在问题', '2|num_dun|1、|1|学习不够', '1|plain||-|原因分析', '2|num_dun|1、|1|放松要求'],
    ],
    [
      'figures at a line start are not numbering',
      '材料\n一、问题\n2023年以来学习12次。\n35岁以下占40%。\n1.5万元经费未用。',
      ['1|cn_dun|一、|1|问题'],
    ],
  ])('%s', (_, text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  it('reads the count written into a heading and drops it from the title', () => {
    const tree = buildOutline('材料\n一、问题\n（一）在政治建设方面（6条）\n1.学习不深');
    expect(tree.nodes[1]).toMatchObject({ title: '在政治建设方面', statedCount: 6 });
  });

  it('takes the first short line as the title, not a preamble sentence', () => {
    expect(buildOutline('专题组织生活会对照检查材料\n一、问题').title).toEqual({ start: 0, end: 13 });
    expect(buildOutline('根据要求，现报告如下：\n一、问题').title).toBeNull();
    expect(buildOutline('一、存在问题\n1.学习不深').title).toBeNull();
  });

  it('ends every block before the next heading of its level and trims trailing space', () => {
    const text = '材料\n一、问题\n（一）学习。正文。\n（二）作风。\n二、措施\n一是加强。';
    const [one, a, b, two] = buildOutline(text).nodes;
    expect(text.slice(one?.start, one?.end)).toBe('一、问题\n（一）学习。正文。\n（二）作风。');
    expect(text.slice(a?.start, a?.end)).toBe('（一）学习。正文。');
    expect(text.slice(b?.start, b?.end)).toBe('（二）作风。');
    expect(text.slice(two?.start, two?.end)).toBe('二、措施\n一是加强。');
  });
});

describe('buildOutline: items inside paragraphs', () => {
  it.each([
    [
      'announced counts decide the level of a restarted enumeration',
      '材料\n一、问题\n主要有以下三个方面：一是学习不深。二是作风不实，主要包括两个层面，一是思想层面。二是行动层面。三是纪律松弛。',
      [
        '1|cn_dun|一、|1|问题',
        '2|cn_shi|一是|1|学习不深',
        '2|cn_shi|二是|2|作风不实，主要包括两个层面',
        '3|cn_shi|一是|1|思想层面',
        '3|cn_shi|二是|2|行动层面',
        '2|cn_shi|三是|3|纪律松弛',
      ],
    ],
    [
      'an announced count keeps the inner list open',
      '材料\n一、问题\n一是学习不深。二是作风不实，表现在三个方面，一是甲。二是乙。三是丙。三是纪律松弛。',
      [
        '1|cn_dun|一、|1|问题',
        '2|cn_shi|一是|1|学习不深',
        '2|cn_shi|二是|2|作风不实，表现在三个方面',
        '3|cn_shi|一是|1|甲',
        '3|cn_shi|二是|2|乙',
        '3|cn_shi|三是|3|丙',
        '2|cn_shi|三是|3|纪律松弛',
      ],
    ],
    [
      'without counts, a number the outer list needs later stays inner',
      '材料\n一、问题\n一是甲。二是乙，一是乙一，二是乙二，三是乙三。三是丙。',
      ['1|cn_dun|一、|1|问题', '2|cn_shi|一是|1|甲', '2|cn_shi|二是|2|乙', '3|cn_shi|一是|1|乙一', '3|cn_shi|二是|2|乙二', '3|cn_shi|三是|3|乙三', '2|cn_shi|三是|3|丙'],
    ],
    [
      'another numbering style nests inside an item',
      '材料\n一、问题\n一是学习不深，（1）细节一；（2）细节二。二是作风不实。',
      ['1|cn_dun|一、|1|问题', '2|cn_shi|一是|1|学习不深', '3|num_paren|（1）|1|细节一', '3|num_paren|（2）|2|细节二', '2|cn_shi|二是|2|作风不实'],
    ],
    [
      '首先/其次/最后 and 第一，第二',
      '材料\n一、问题\n首先，学习不深。其次，作风不实。最后，纪律松弛。\n二、原因\n第一，思想放松。第二，管理不严。',
      ['1|cn_dun|一、|1|问题', '2|sequence_word|首先|1|学习不深', '2|sequence_word|其次|2|作风不实', '2|sequence_word|最后|3|纪律松弛', '1|cn_dun|二、|2|原因', '2|cn_ordinal|第一，|1|思想放松', '2|cn_ordinal|第二，|2|管理不严'],
    ],
    [
      'words that only look like markers',
      '材料\n一、问题\n首先要说明情况。统一是前提，一是否可行尚无定论。第一时间报告。一是一个问题，“第一议题”学习。',
      ['1|cn_dun|一、|1|问题', '2|cn_shi|一是|1|一个问题，“第一议题”学习'],
    ],
    [
      'a lone 首先 is prose, not a list',
      '材料\n一、问题\n首先，我们要认识到问题的严重性。',
      ['1|cn_dun|一、|1|问题'],
    ],
    [
      'the heading sentence stops where an enumeration starts',
      '材料\n一、问题\n（一）在学习方面，一是不深。二是不透。',
      ['1|cn_dun|一、|1|问题', '2|cn_paren|（一）|1|在学习方面', '3|cn_shi|一是|1|不深', '3|cn_shi|二是|2|不透'],
    ],
  ])('%s', (_, text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  it('records the announced count on the first item of a sequence', () => {
    const nodes = buildOutline('材料\n一、问题\n主要有以下三个方面：一是甲。二是乙。三是丙。').nodes;
    expect(nodes.map((n) => n.announcedCount)).toEqual([null, 3, null, null]);
  });

  it('bounds nesting depth on pathological input', () => {
    const text = `材料\n一、问题\n${'一是甲，（1）乙，①丙，第一，丁，首先，戊，'.repeat(50)}`;
    const tree = buildOutline(text);
    expect(Math.max(...tree.nodes.map((n) => n.level))).toBeLessThanOrEqual(1 + 4);
  });
});

describe('capTitle', () => {
  it.each([
    ['短标题', 10, '短标题'],
    ['对照党章党规，剖析党组织发挥政治功能和组织力方面的短板差距', 60, '对照党章党规，剖析党组织发挥政治功能和组织力方面的短板差距'],
    ['这是一个很长的标题，后面还有很多很多的文字', 8, '这是一个很长的标题'.slice(0, 8)],
    ['甲乙丙，丁戊己庚辛壬癸', 8, '甲乙丙'],
  ])('%s (max %d)', (s, max, expected) => {
    expect(capTitle(s, max)).toBe(expected);
  });
});
