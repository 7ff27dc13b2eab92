import { describe, expect, it } from 'vitest';
import { isNoiseLine, normaliseText, toSpan } from './normalise-text';

describe('normaliseText', () => {
  it.each([
    ['full-width digits and letters', '１．学习不够（一）２０２３年ＸＸ＊＊', '1.学习不够（一）2023年XX**'],
    ['half-width brackets and punctuation in Chinese context', '(一)政治方面 ,一是学习不够 : 如下;完', '（一）政治方面，一是学习不够：如下；完'],
    ['spaces around Chinese punctuation', '一、 存在问题\n（ 一 ）政治方面', '一、存在问题\n（一）政治方面'],
    ['ASCII figures keep their punctuation', '时间 12:30，数量 1,000 个，网址 http://a.cn', '时间 12:30，数量 1,000 个，网址 http://a.cn'],
    ['BOM, zero-width characters, CRLF and blank lines', '\uFEFF标题\u200b\r\n\r\n\r\n正文第一段。\r\n\r\n第二段。', '标题\n正文第一段。\n第二段。'],
    ['ideographic spaces and tabs collapse', '标题\u3000\u3000材料\t\t正文', '标题 材料 正文'],
    ['placeholders kept as written', '××同志在XX单位**岗位', '××同志在XX单位**岗位'],
    ['characters spaced out by a PDF', '一 、 存 在 问 题\n（一）学习不够深入。', '一、存在问题\n（一）学习不够深入。'],
    ['a word broken across lines', '标题材料\n这是一段很长的文字被截断在了某个词语的中间不\n够深入。', '标题材料\n这是一段很长的文字被截断在了某个词语的中间不够深入。'],
    ['a heading broken across lines', '材料标题\n一、存在\n问题\n（一）学习。', '材料标题\n一、存在问题\n（一）学习。'],
    ['a clause broken after a comma', '标题材料\n一是学习不够深入，主要表现在学习的系统性不强，\n学用结合不紧密。', '标题材料\n一是学习不够深入，主要表现在学习的系统性不强，学用结合不紧密。'],
    ['page numbers', '标题\n正文。\n- 2 -\n第 3 页 共 10 页\n3/10\nPage 4 of 9\n继续。', '标题\n正文。\n继续。'],
    ['a short heading line stays apart from its paragraph', '材料\n三、整改措施\n针对问题，制定措施。', '材料\n三、整改措施\n针对问题，制定措施。'],
    ['the title line is not joined to the preamble', '某某支部二〇二三年度专题组织生活会班子对照检查材料\n根据要求，现报告如下：', '某某支部二〇二三年度专题组织生活会班子对照检查材料\n根据要求，现报告如下：'],
  ])('%s', (_, input, expected) => {
    expect(normaliseText(input).text).toBe(expected);
  });

  it('splits a whole document on one line at headings, labels and sentence ends', () => {
    const input =
      '某支部班子对照检查材料根据要求，现将情况报告如下：一、存在问题（一）学习方面。一是学习不深。二是运用不够。二、原因分析（一）思想上放松。三、整改措施针对以上问题，支部将逐项整改落实到位。（一）加强学习。问题1：记录不全。成因：管理松。';
    const n = normaliseText(input);
    expect(n.summary.oneLine).toBe(true);
    expect(n.text.split('\n')).toEqual([
      '某支部班子对照检查材料',
      '根据要求，现将情况报告如下：',
      '一、存在问题',
      '（一）学习方面。一是学习不深。二是运用不够。',
      '二、原因分析',
      '（一）思想上放松。',
      '三、整改措施',
      '针对以上问题，支部将逐项整改落实到位。',
      '（一）加强学习。',
      '问题1：记录不全。',
      '成因：管理松。',
    ]);
  });

  it('splits a one-line page at the spaces around its parts and drops the web furniture', () => {
    const input =
      '首页 > 党建 > 正文 班子对照检查材料 发布时间：2023-05-06 浏览量：1234 班子对照检查材料 根据要求报告如下：一、存在问题 一是学习不深入。二是作风不扎实。二、整改措施 一是加强学习。二是转变作风。 上一篇：工作方案 版权所有 © 2023';
    const n = normaliseText(input);
    expect(n.summary.oneLine).toBe(true);
    expect(n.text.split('\n')).toEqual([
      '班子对照检查材料',
      '根据要求报告如下：',
      '一、存在问题',
      '一是学习不深入。二是作风不扎实。',
      '二、整改措施',
      '一是加强学习。二是转变作风。',
    ]);
    expect(n.summary.removedLines).toBe(6);
  });

  it('keeps a marker left alone by a space with its heading', () => {
    const line = '第一章 总则 这是一段单行文本，内容足够长，用来触发单行模式的判断。'.repeat(6);
    const n = normaliseText(line);
    expect(n.text.split('\n').slice(0, 2)).toEqual(['第一章 总则', '这是一段单行文本，内容足够长，用来触发单行模式的判断。']);
  });

  it('removes headers repeated on every page but keeps repeated labels', () => {
    const input = [
      '整改落实情况报告',
      '内部资料注意保存',
      '（一）问题描述：记录不全。',
      '整改情况：已完成',
      '内部资料注意保存',
      '（二）问题描述：学习不够。',
      '整改情况：已完成',
      '内部资料注意保存',
      '（三）问题描述：作风不实。',
      '整改情况：已完成',
    ].join('\n');
    const n = normaliseText(input);
    expect(n.text).not.toContain('内部资料');
    expect(n.text.match(/整改情况：已完成/g)).toHaveLength(3);
    expect(n.summary.removedLines).toBe(3);
  });

  it('joins lines wrapped at a fixed width (PDF extract)', () => {
    const para = '一是学习形式较为单一，主要以读报纸、念文件为主，全年专题研讨仅三次，学习效果不够明显，没有做到学用结合。';
    const wrapped = ['测试材料', '一、存在问题', ...(para.match(/.{1,20}/g) ?? []), '二、整改措施', '一是丰富学习形式。'].join('\n');
    const n = normaliseText(wrapped);
    expect(n.text).toBe(`测试材料\n一、存在问题\n${para}\n二、整改措施\n一是丰富学习形式。`);
    expect(n.summary.joinedLines).toBe(2);
  });
});

describe('offset mapping', () => {
  it('maps every kept character back to its place in the input', () => {
    const input = '\uFEFF首页 > 正文\n材料标题\r\n一、 存在问题\r\n(1)学习不够深\n入。\n浏览量：12\n';
    const n = normaliseText(input);
    expect(n.text).toBe('材料标题\n一、存在问题\n（1）学习不够深入。');
    for (let i = 0; i < n.text.length; i++) {
      const ch = n.text[i] as string;
      const src = input[n.origin[i] as number] as string;
      if (ch === '\n') continue;
      // Converted characters map to their original form.
      expect(ch === src || (ch === '（' && src === '(') || (ch === '）' && src === ')')).toBe(true);
    }
    const at = n.text.indexOf('学习不够深入');
    const span = toSpan(n.origin, at, at + '学习不够深入'.length);
    expect(input.slice(span.sourceStart, span.sourceEnd)).toBe('学习不够深\n入');
  });

  it('clamps spans to the text and keeps them ordered', () => {
    const n = normaliseText('标题\n正文内容。');
    expect(toSpan(n.origin, -5, 999)).toEqual({ start: 0, end: n.text.length, sourceStart: 0, sourceEnd: 8 });
    expect(toSpan(n.origin, 4, 2)).toEqual({ start: 4, end: 4, sourceStart: 4, sourceEnd: 4 });
  });
});

describe('isNoiseLine', () => {
  it.each([
    ['浏览量：3562', true],
    ['发布时间：2023-11-02 来源：本站', true],
    ['【字体：大 中 小】 打印本页 关闭窗口', true],
    ['上一篇：关于开展主题党日活动的通知', true],
    ['版权所有 © 2023 某某网 备案号：京ICP备12345678号', true],
    ['首页 > 党建园地 > 学习资料', true],
    ['- 12 -', true],
    ['第 3 页 共 10 页', true],
    ['一是学习强国阅读量偏低，全年仅完成任务的60%。', false],
    ['（一）学习方面。', false],
    ['来源于群众的意见建议共36条。', false],
  ])('%s → %s', (line, expected) => {
    expect(isNoiseLine(line)).toBe(expected);
  });
});
