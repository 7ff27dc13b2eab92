// Words the parser recognises. Plain data, so a new variant is a one-line change.
import type { OtherKind } from './types';

/** What a section heading or a field label stands for. */
export type SectionRole = 'problems' | 'causes' | 'measures' | OtherKind;

/** Field labels in 「问题描述：… 整改情况：…」 records and their roles; longest first so prefixes do not win. */
export const FIELD_LABELS: ReadonlyArray<readonly [string, SectionRole | 'field']> = [
  ['存在的主要问题', 'problems'],
  ['问题具体表现', 'problems'],
  ['下一步整改措施', 'measures'],
  ['下一步工作计划', 'next_steps'],
  ['下一步工作打算', 'next_steps'],
  ['问题描述', 'problems'],
  ['问题表现', 'problems'],
  ['具体表现', 'problems'],
  ['主要表现', 'problems'],
  ['存在问题', 'problems'],
  ['问题内容', 'problems'],
  ['原因分析', 'causes'],
  ['问题成因', 'causes'],
  ['问题根源', 'causes'],
  ['产生原因', 'causes'],
  ['整改措施', 'measures'],
  ['改进措施', 'measures'],
  ['整改举措', 'measures'],
  ['整改方向', 'measures'],
  ['努力方向', 'measures'],
  ['整改情况', 'rectification_progress'],
  ['整改进展', 'rectification_progress'],
  ['完成情况', 'rectification_progress'],
  ['整改成效', 'rectification_progress'],
  ['落实情况', 'rectification_progress'],
  ['整改结果', 'rectification_progress'],
  ['进展情况', 'rectification_progress'],
  ['下一步计划', 'next_steps'],
  ['下一步打算', 'next_steps'],
  ['下步计划', 'next_steps'],
  ['下步打算', 'next_steps'],
  ['基本情况', 'basic_situation'],
  ['整改目标', 'field'],
  ['整改时限', 'field'],
  ['完成时限', 'field'],
  ['责任领导', 'field'],
  ['牵头领导', 'field'],
  ['责任单位', 'field'],
  ['牵头部门', 'field'],
  ['牵头单位', 'field'],
  ['配合部门', 'field'],
  ['责任部门', 'field'],
  ['问题来源', 'field'],
  ['问题类别', 'field'],
  ['整改类型', 'field'],
  ['整改标准', 'field'],
  ['佐证材料', 'field'],
  ['责任人', 'field'],
  ['备注', 'field'],
  ['成因', 'causes'],
  ['原因', 'causes'],
  ['根源', 'causes'],
  ['措施', 'measures'],
  ['表现', 'problems'],
  ['问题', 'problems'],
];

export const FIELD_LABEL_ROLE = new Map<string, SectionRole | 'field'>(FIELD_LABELS);

/** Alternation of the field labels, for building anchored patterns. */
export const FIELD_LABEL_ALTERNATION = FIELD_LABELS.map(([l]) => l).join('|');

/** Roles of section headings, checked in this order (the first hit wins: 「产生问题的原因」 is a cause heading). */
export const SECTION_PATTERNS: ReadonlyArray<readonly [RegExp, SectionRole]> = [
  [/(?:上一?年度?|去年|上次|上一次|以往|前期).{0,12}(?:整改|问题)/, 'previous_rectification'],
  [/原因|根源|成因|根子|症结/, 'causes'],
  [/措施|努力方向|整改方向|改进方向|整改举措|整改思路|今后(?:的)?(?:努力|改进)/, 'measures'],
  [/下一?步|今后(?:工作)?(?:计划|打算)|工作打算|工作计划/, 'next_steps'],
  [/基本情况|总体情况|工作开展情况|学习情况|准备情况|征求意见情况|前期准备/, 'basic_situation'],
  [/整改(?:落实|工作)?(?:情况|进展|成效)|落实情况|完成情况/, 'rectification_progress'],
  [/问题|不足|差距|短板|检视|查摆|对照检查|自查|剖析/, 'problems'],
];

/** Lines that are a section heading without numbering, e.g. 「存在问题」「【原因分析】」. */
export const PLAIN_HEADING =
  /^【?(?:[^，。；！？\s]{0,8})(?:存在的?(?:主要|突出)?问题|查摆的?问题|问题查摆|主要问题|原因分析|原因剖析|问题根源|产生问题的原因|整改措施|整改方向|努力方向|下一?步(?:整改)?措施|基本情况|下一?步(?:工作)?(?:计划|打算)|整改(?:落实)?情况)(?:[^，。；！？\s]{0,6})】?[：:]?$/;

/** Titles that name the material kind. */
export const TITLE_KIND_PATTERNS: ReadonlyArray<readonly [RegExp, 'rectification_report' | 'problem_list' | 'personal' | 'team']> = [
  [/整改(?:落实|工作|进展)?(?:情况)?(?:的)?报告|整改(?:落实)?情况|整改进展/, 'rectification_report'],
  [/问题清单|整改清单|任务清单|责任清单|台账|三个清单/, 'problem_list'],
  [/个人|本人|同志/, 'personal'],
  [/班子|党组|党委|总支|支部|领导/, 'team'],
];

/** Count phrases announcing an enumeration: 「主要有以下三个方面」「两个层面」「（6条）」. */
export const COUNT_PHRASE =
  /([两二三四五六七八九十\d]{1,3})\s*(?:个|项|条|点|大|类)?\s*(?:方面|层面|问题|原因|措施|举措|点|条|项|个|部分|类)(?:的?(?:内容|问题|不足|表现))?$/;

/** Posts and roles that make a problem concrete (见人见事). */
export const POSTS = [
  '总支书记', '支部书记', '副书记', '书记', '支委', '组织委员', '纪检委员', '宣传委员', '班子成员', '分管领导',
  '局长', '副局长', '所长', '副所长', '队长', '副队长', '科长', '副科长', '主任', '副主任', '网格长', '组长',
  '班长', '值班组', '民警', '辅警', '监区长', '指导员', '教导员', '专管员', '联络员', '负责人', '新警', '青年民警',
];

/** Stock phrases that say little on their own. */
export const STOCK_PHRASES = [
  '进一步加强', '进一步提高', '进一步提升', '进一步强化', '进一步增强', '进一步落实', '不断提高', '不断加强',
  '不断增强', '不断提升', '不断完善', '还不够', '有待提高', '有待加强', '有待进一步', '有所欠缺', '不够到位',
  '还存在差距', '存在一定差距', '不同程度', '一定程度上', '时有发生', '有所弱化', '有所淡化', '有所松懈',
  '还需加强', '力度不够', '不够深入', '不够扎实', '不够有效', '仍有欠缺', '还有欠缺', '认识不到位', '标准不高',
];

/** Function words and stock verbs dropped before measuring relevance. */
export const STOPWORDS = new Set(
  (
    '的 了 在 是 和 与 及 等 对 把 将 为 以 从 中 上 下 还 也 都 就 又 更 不 没 有 无 被 由 于 向 让 使 其 之 此 这 那 该 各 每 个 ' +
    '没有 不够 不足 不是 不能 不会 不断 进一步 加强 提高 提升 强化 增强 持续 切实 认真 深入 积极 坚持 工作 问题 方面 存在 ' +
    '能够 一定 一些 有些 有时 往往 仍 仍然 依然 还是 但 但是 虽然 然而 同时 以及 并 而 且 进行 开展 做到 实现 推动 推进 ' +
    '作用 发挥 情况 现象 方式 过程 程度 出现 形成 一个 一是 二是 三是 四是 五是 首先 其次 再次 最后 主要 以下 如下 ' +
    '我们 自己 本人 我 他们 大家 总支 支部 班子 要 会 能 可以 应 应该 已经 已 较 比较 很 非常 十分 更加 不够强 还不 ' +
    '着力 注重 突出 全面 扎实 有效 充分 到位 明显 较为 导致 致使 以致 造成 影响 具体 实际 相关 有关 通过 围绕 结合 针对 ' +
    '下一步 一步 努力 确保 着眼 立足 始终 时刻 真正 不断 务必 做好 抓好 落到 上来 起来 下去 之中 之间 以上 当前 目前'
  ).split(/\s+/),
);
