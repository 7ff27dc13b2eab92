import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInspectionReport } from './parse-inspection-report';
import type { InspectionReport, OtherKind, ReportKind, StatedCounts } from './types';

const readFixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/inspection/${name}`, import.meta.url), 'utf8');

type Expected = {
  file: string;
  title: string | null;
  kind: ReportKind;
  aspects: string[];
  problems: string[];
  causes: string[];
  groups: string[];
  measures: string[];
  other?: Array<[OtherKind, string]>;
  counts?: Partial<StatedCounts>;
  /** measure title → title of the best-scored problem */
  bestProblemFor?: Record<string, string>;
  check?: (r: InspectionReport) => void;
};

const SAMPLE_MEASURES = [
  '持续强化学习教育',
  '深化班子分工协作',
  '狠抓支部能力建设',
  '强化务实担当精神',
  '打造过硬活力科室',
  '融合推进发展建设',
  '坚持目标导向，优化组织架构机制',
  '坚持效果导向，强化网格管理落实',
  '坚持问题导向，深化边改边建实效',
];

const CASES: Expected[] = [
  {
    file: 'leadership-self-inspection.txt',
    title: '专题组织生活会班子对照检查材料',
    kind: 'team',
    aspects: [
      '对照党章党规，剖析党组织发挥政治功能和组织力方面的短板差距',
      '结合存在的顽瘴痼疾和自查自纠查摆的倾向性问题，剖析整体工作推动方面的短板差距',
      '梳理当前队伍建设现状，剖析队伍管理建设方面的短板差距',
    ],
    problems: [
      '管党治党责任履行意识还不够强',
      '整治突破重难点问题的力度还不够大',
      '“关键少数”的“头雁效应”发挥还不够到位',
      '统筹兼顾推进还不够有效',
      '顽瘴痼疾的整改力度还不够大',
      '务实担当作风有所弱化',
      '科室职能作用发挥还不够充分',
      '网格联系工作落实还不够深入',
      '队伍管理还不够从严从紧',
    ],
    causes: [
      '总支班子协同共管意识还不高，政治能力锻造不足',
      '支部班子全面抓建能力有欠缺，战斗堡垒作用不足',
      '队伍建设存在深层次短板，整体活力激发不足',
    ],
    groups: ['旗帜鲜明讲政治，不断提升政治能力', '以身作则转作风，全力推动工作落实', '恪尽职守尽好责，从严落实主体责任'],
    measures: SAMPLE_MEASURES,
    counts: { opinions: null, talks: null, studySessions: null },
    bestProblemFor: {
      坚持效果导向强化网格管理落实: '网格联系工作落实还不够深入',
      打造过硬活力科室: '科室职能作用发挥还不够充分',
      强化务实担当精神: '务实担当作风有所弱化',
    },
    check: (r) => {
      expect(r.aspects.map((a) => a.statedCount)).toEqual([3, 3, 3]);
      expect(r.aspects.map((a) => a.problemIds)).toEqual([
        ['p1', 'p2', 'p3'],
        ['p4', 'p5', 'p6'],
        ['p7', 'p8', 'p9'],
      ]);
      // The nested 一是/二是 inside problem (二)二是 and cause (二) are sub-points, not items.
      expect(r.problems[4]?.subPoints.map((s) => s.title)).toEqual(['**层面', '**层面，**带头违反**纪律、公开对抗**现象时有发生']);
      expect(r.causes[1]?.subPoints).toHaveLength(2);
      expect(r.causes[0]?.subPoints).toHaveLength(0);
      expect(r.measureGroups.map((g) => g.measureIds)).toEqual([
        ['m1', 'm2', 'm3'],
        ['m4', 'm5', 'm6'],
        ['m7', 'm8', 'm9'],
      ]);
      expect(r.problems[0]?.examples[0]?.text.startsWith('去年**群体事件')).toBe(true);
      expect(r.problems.map((p) => p.examples.length)).toEqual([1, 1, 0, 1, 0, 1, 0, 0, 1]);
      // The sample's ** are redactions, kept as written and not reported as blanks to fill.
      expect(r.text.split('**').length - 1).toBeGreaterThan(50);
      expect(r.quality.placeholderCount).toBe(0);
      expect(r.quality.findings.map((f) => f.code)).not.toContain('placeholder_unfilled');
      expect(r.preamble?.text.endsWith('现将对照检查材料汇报如下：')).toBe(true);
      expect(r.unclassified).toEqual([]);
    },
  },
  {
    file: 'half-width-parens-team.txt',
    title: '第二党支部委员会班子对照检查材料',
    kind: 'team',
    aspects: ['政治建设方面', '作风建设方面'],
    problems: ['理论武装不够系统', '政治敏锐性有待增强', '调查研究不够深入', '工作标准不够高'],
    causes: ['理想信念的“总开关”拧得不够紧', '宗旨意识有所淡化'],
    groups: ['强化理论武装', '改进工作作风'],
    measures: [
      '建立支委会“第一议题”学习制度，每月至少集中研讨1次',
      '开展舆情研判专题培训，明确值班组24小时内报告时限',
      '落实支委联系基层制度，每名支委每季度调研不少于2次',
      '制定档案整理标准清单，限期整改检查指出的5处问题',
    ],
    counts: { opinions: 23, talks: 31, studySessions: null },
    bestProblemFor: {
      开展舆情研判专题培训明确值班组24小时内报告时限: '政治敏锐性有待增强',
      落实支委联系基层制度每名支委每季度调研不少于2次: '调查研究不够深入',
      制定档案整理标准清单限期整改检查指出的5处问题: '工作标准不够高',
    },
    check: (r) => {
      // Half-width brackets, commas and colons are normalised to the full-width forms.
      expect(r.text).toContain('（一）政治建设方面');
      expect(r.text).toContain('研判不及时，如3月份');
      expect(r.text).toContain('现将有关情况报告如下：');
      expect(r.problems[1]?.examples.map((e) => e.text)).toEqual(['3月份一起投诉事件，值班组在48小时后才上报']);
      expect(r.problems[3]?.examples.map((e) => e.text)).toEqual(['档案整理工作被上级检查指出问题5处']);
    },
  },
  {
    file: 'personal-numbered.txt',
    title: '个人对照检查材料',
    kind: 'personal',
    aspects: ['在理论学习方面', '在担当作为方面'],
    problems: ['学习的系统性不够', '运用理论指导实践不够', '攻坚克难的劲头不足', '创新意识不强'],
    causes: ['理想信念有所松懈', '担当精神有所弱化'],
    groups: [],
    measures: ['坚持学以致用', '主动攻坚克难', '推进网格走访信息化'],
    bestProblemFor: { 主动攻坚克难: '攻坚克难的劲头不足', 推进网格走访信息化: '创新意识不强' },
    check: (r) => {
      expect(r.problems[2]?.subPoints.map((s) => s.marker)).toEqual(['①', '②']);
      expect(r.problems[2]?.subPoints[1]?.title).toBe('与信访人面谈次数偏少，全年仅4次');
      expect(r.outline.filter((o) => !o.inline).map((o) => `${o.level}${o.style}`)).toEqual([
        '1cn_dun', '2num_dot', '3num_paren', '3num_paren', '2num_dot', '3num_paren', '3num_paren',
        '1cn_dun', '2num_dun', '2num_dun', '1cn_dun', '2num_paren', '2num_paren', '2num_paren',
      ]);
      expect(r.preamble?.text.startsWith('（2023年度专题组织生活会）')).toBe(true);
    },
  },
  {
    file: 'chapter-decimal.txt',
    title: '××派出所所务会班子对照检查材料',
    kind: 'team',
    aspects: [],
    problems: ['执法规范化建设推进不平衡', '队伍日常管理失之于宽', '服务群众的便利度不高'],
    causes: ['法治思维树得不牢', '从严管理的责任压得不实'],
    groups: [],
    measures: ['开展卷宗质量专项评查', '严格执行民警日常管理规定', '推行户籍窗口午间不打烊服务'],
    bestProblemFor: {
      开展卷宗质量专项评查: '执法规范化建设推进不平衡',
      严格执行民警日常管理规定: '队伍日常管理失之于宽',
      推行户籍窗口午间不打烊服务: '服务群众的便利度不高',
    },
    check: (r) => {
      expect(r.outline.filter((o) => o.level === 1).map((o) => [o.style, o.marker, o.title])).toEqual([
        ['chapter', '第一章', '存在的主要问题'],
        ['chapter', '第二章', '原因剖析'],
        ['chapter', '第三章', '整改措施'],
      ]);
      expect(r.outline.filter((o) => o.style === 'decimal').map((o) => o.marker)).toEqual([
        '1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2', '3.3',
      ]);
      expect(r.quality.placeholders.map((p) => p.text)).toEqual(['××']);
    },
  },
  {
    file: 'problem-cause-blocks.txt',
    title: '治安管理大队2023年度查摆问题整改台账',
    kind: 'problem_list',
    aspects: [],
    problems: ['值班备勤制度执行不严格', '执法记录仪使用不规范', '群众投诉回复不及时'],
    causes: [
      '值班带班领导督查不到位，考勤记录流于形式',
      '民警对执法记录仪管理规定学习不够，装备保障存在短板',
      '投诉办理流程环节多，责任分工不明确',
    ],
    groups: [],
    measures: [
      '实行带班领导夜间查岗签字制度',
      '每周通报考勤抽查结果',
      '组织执法记录仪使用专题培训，补充配备记录仪8台',
      '简化投诉办理流程，明确办理责任人和7日内回复时限',
    ],
    check: (r) => {
      expect(r.problems[0]?.fields).toEqual([
        { label: '责任人', text: '值班组组长' },
        { label: '整改时限', text: '2023年12月底' },
      ]);
      const recordLinks = r.links.filter((l) => l.basis === 'record').map((l) =>
        l.kind === 'measure_problem' ? `${l.measureId}>${l.problemId}` : `${l.causeId}>${l.problemId}`,
      );
      expect(recordLinks.sort()).toEqual(['c1>p1', 'c2>p2', 'c3>p3', 'm1>p1', 'm2>p1', 'm3>p2', 'm4>p3']);
      expect(r.links.every((l) => l.basis !== 'record' || l.score >= 0.5)).toBe(true);
    },
  },
  {
    file: 'rectification-report.txt',
    title: '关于2023年度专题组织生活会查摆问题整改落实情况的报告',
    kind: 'rectification_report',
    aspects: [],
    problems: ['支部组织生活不够规范', '党员教育管理存在薄弱环节', '服务群众办事效率不高'],
    causes: [],
    groups: [],
    measures: [
      '由组织委员每月检查一次会议记录，发现问题当月纠正',
      '实行学习积分月排名制度，连续两月排名靠后的由支部书记约谈',
      '推行预约办理和错峰服务，每季度开展群众满意度测评',
    ],
    other: [
      ['basic_situation', '整改工作总体情况'],
      ['rectification_progress', '整改情况'],
      ['rectification_progress', '整改情况'],
      ['rectification_progress', '整改情况'],
      ['next_steps', '下步计划'],
    ],
    check: (r) => {
      expect(r.other.map((o) => o.problemId)).toEqual([null, 'p1', 'p2', 'p3', null]);
      expect(r.other[3]?.text).toBe('持续整改中。已增设1个自助服务终端，平均等候时间由25分钟缩短至15分钟。');
      expect(r.problems[0]?.text).toBe('支部组织生活不够规范，“三会一课”记录不全。');
      // The share of problems and causes is a rule for self-inspection materials, not for reports.
      expect(r.quality.findings.map((f) => f.code)).not.toContain('low_problem_cause_share');
    },
  },
  {
    file: 'aspect-counts.txt',
    title: '××局机关党委班子专题民主生活会对照检查材料',
    kind: 'team',
    aspects: ['在落实全面从严治党主体责任方面', '在改进作风方面'],
    problems: [
      '压力传导层层递减',
      '监督执纪“第一种形态”运用不够',
      '警示教育针对性不强',
      '文山会海问题仍有反弹',
      '调查研究走马观花',
      '基层减负措施落实不到位',
    ],
    causes: ['管党治党政治责任扛得不牢', '作风建设常抓不懈的韧劲不足'],
    groups: [],
    measures: ['压实主体责任', '精文简会减负'],
    check: (r) => {
      expect(r.aspects.map((a) => a.statedCount)).toEqual([3, 2]);
      const mismatch = r.quality.findings.filter((f) => f.code === 'count_mismatch');
      expect(mismatch).toHaveLength(1);
      expect(mismatch[0]?.itemIds).toEqual(['a2']);
      expect(mismatch[0]?.message).toContain('写明 2 条，实际识别出 3 条');
      // Full-width digits are read as numbering (１．→ 1.).
      expect(r.problems.map((p) => p.marker)).toEqual(['1.', '2.', '3.', '1.', '2.', '3.']);
    },
  },
  {
    file: 'pdf-extract.txt',
    title: '××大队党支部班子对照检查材料',
    kind: 'team',
    aspects: ['政治理论学习不够深入', '纪律作风建设存在短板'],
    problems: ['学习形式较为单一', '学用结合不够紧密', '日常监督失之于宽', '值班纪律执行不严'],
    causes: ['思想认识不到位', '管理制度落实不严'],
    groups: ['创新学习方式', '从严监督管理'],
    measures: [
      '每月开展1次专题研讨，邀请法制部门讲解执法难题',
      '建立学习成果转化台账',
      '建立民警八小时以外情况报告制度',
      '实行值班查岗通报制度，对睡岗行为严肃处理',
    ],
    bestProblemFor: {
      建立民警八小时以外情况报告制度: '日常监督失之于宽',
      实行值班查岗通报制度对睡岗行为严肃处理: '值班纪律执行不严',
    },
    check: (r) => {
      expect(r.normalisation.removedLines).toBe(3);
      expect(r.normalisation.joinedLines).toBeGreaterThanOrEqual(10);
      expect(r.text).toContain('二是值班纪律执行不严。');
      expect(r.text).toContain('\n二、原因分析\n');
      expect(r.text).not.toContain('- 1 -');
      expect(r.text.split('××大队党支部班子对照检查材料')).toHaveLength(2);
    },
  },
  {
    file: 'one-line.txt',
    title: '××支部班子对照检查材料',
    kind: 'team',
    aspects: ['学习教育方面', '组织生活方面'],
    problems: ['学习计划执行不到位', '学习效果不明显', '组织生活会质量不高', '主题党日活动形式单一'],
    causes: ['支部班子抓学习的责任意识不强', '组织生活制度落实不严格'],
    groups: ['抓实学习教育', '提升组织生活质量'],
    measures: ['按月督办学习计划执行情况', '开展条例知识测试', '会前开展谈心谈话，会上严肃开展批评', '丰富主题党日实践内容'],
    counts: { opinions: 15 },
    bestProblemFor: {
      按月督办学习计划执行情况: '学习计划执行不到位',
      丰富主题党日实践内容: '主题党日活动形式单一',
      会前开展谈心谈话会上严肃开展批评: '组织生活会质量不高',
    },
    check: (r) => {
      expect(r.normalisation.oneLine).toBe(true);
      expect(r.text.split('\n').slice(0, 4)).toEqual([
        '××支部班子对照检查材料',
        '根据上级要求，支部班子认真开展对照检查，共收集意见建议15条，现将有关情况报告如下：',
        '一、存在问题',
        '（一）学习教育方面。一是学习计划执行不到位。年初制定的学习计划有3项未按期完成。二是学习效果不明显。部分党员对新修订的条例掌握不准。',
      ]);
    },
  },
  {
    file: 'web-noise.txt',
    title: '专题组织生活会对照检查材料（个人）',
    kind: 'personal',
    aspects: [],
    problems: ['政治理论学习有所放松', '服务意识不够强', '廉洁自律要求有所放松'],
    causes: ['放松了世界观、人生观、价值观的改造，对自身要求有所降低'],
    groups: [],
    measures: ['每天完成学习强国学习任务，每月撰写1篇学习体会', '树立服务意识，接待群众做到文明用语、耐心细致', '严守廉洁纪律，严格执行饮酒相关规定'],
    bestProblemFor: {
      每天完成学习强国学习任务每月撰写1篇学习体会: '政治理论学习有所放松',
      树立服务意识接待群众做到文明用语耐心细致: '服务意识不够强',
      严守廉洁纪律严格执行饮酒相关规定: '廉洁自律要求有所放松',
    },
    check: (r) => {
      expect(r.normalisation.removedLines).toBe(8);
      for (const noise of ['浏览量', '上一篇', '版权所有', '首页', '分享到', '字体']) expect(r.text).not.toContain(noise);
      expect(r.text.startsWith('专题组织生活会对照检查材料（个人）\n按照支部统一安排')).toBe(true);
      // Offsets map back to the input, which still holds the noise.
      const input = readFixture('web-noise.txt');
      const p = r.problems[1];
      expect(p && input.slice(p.sourceStart, p.sourceEnd)).toBe('二是服务意识不够强。接待群众时有时语气生硬，曾被群众投诉1次。');
    },
  },
  {
    file: 'placeholders.txt',
    title: '××同志个人对照检查材料',
    kind: 'personal',
    aspects: ['政治意识方面', '工作作风方面'],
    problems: ['对理论学习的深入思考不够', '深入基层调研不够'],
    causes: ['理论学习的自觉性不强', '宗旨意识有所淡化'],
    groups: [],
    measures: ['每月撰写学习心得不少于××篇', '每季度到基层单位走访不少于XX次'],
    check: (r) => {
      expect(r.quality.placeholderCount).toBe(7);
      expect(new Set(r.quality.placeholders.map((p) => p.text))).toEqual(new Set(['××', 'XX']));
      const finding = r.quality.findings.find((f) => f.code === 'placeholder_unfilled');
      expect(finding?.message).toContain('7 处');
      // Placeholders are kept as written.
      expect(r.text).toContain('参加集中学习××次');
      expect(r.problems[0]?.text).toContain('XX年以来');
    },
  },
  {
    file: 'sequence-words.txt',
    title: '××科党支部班子对照检查材料',
    kind: 'team',
    aspects: [],
    problems: ['落实“三会一课”制度不够严格', '党员发展工作推进缓慢', '支部阵地建设有短板'],
    causes: ['支部书记抓党建的精力投入不够，重业务轻党建', '支委分工不够明确，工作衔接不畅'],
    groups: [],
    measures: ['严格落实支委会每月召开制度', '制定党员发展三年规划，每年培养入党积极分子不少于2名', '清理党员活动室，每月至少开展2次活动'],
    other: [
      ['previous_rectification', '上年度整改措施落实情况'],
      ['next_steps', '下步计划'],
    ],
    counts: { opinions: 36, talks: 45, studySessions: 12 },
    bestProblemFor: {
      严格落实支委会每月召开制度: '落实“三会一课”制度不够严格',
      制定党员发展三年规划每年培养入党积极分子不少于2名: '党员发展工作推进缓慢',
      清理党员活动室每月至少开展2次活动: '支部阵地建设有短板',
    },
    check: (r) => {
      expect(r.problems.map((p) => p.marker)).toEqual(['首先', '其次', '最后']);
      expect(r.outline.filter((o) => o.style === 'cn_ordinal').map((o) => o.marker)).toEqual([
        '第一，', '第二，', '第一，', '第二，', '第三，',
      ]);
    },
  },
  {
    file: 'nested-unannounced.txt',
    title: '××中队党支部班子对照检查材料',
    kind: 'team',
    aspects: ['在履职尽责方面', '在纪律作风方面'],
    problems: ['执勤备勤标准不高', '教育训练不够扎实', '装备管理存在漏洞', '请销假制度执行不严', '内务管理松懈'],
    causes: ['从严治警理念树得不牢'],
    groups: [],
    measures: ['修订执勤备勤标准', '细化训练计划并按月考核', '建立装备定期盘点制度', '严格请销假审批', '开展内务秩序专项整治'],
    bestProblemFor: {
      修订执勤备勤标准: '执勤备勤标准不高',
      细化训练计划并按月考核: '教育训练不够扎实',
      严格请销假审批: '请销假制度执行不严',
      开展内务秩序专项整治: '内务管理松懈',
    },
    check: (r) => {
      // No count is announced: 三是 closes the outer list because no later 三是 could.
      expect(r.problems[1]?.subPoints.map((s) => s.title)).toEqual(['训练计划落实不到位', '考核结果运用不充分']);
    },
  },
  {
    file: 'plain-headings.txt',
    title: '党员个人对照检查材料',
    kind: 'personal',
    aspects: [],
    problems: ['学习不够主动', '工作标准不高'],
    causes: ['对自身要求放松，缺乏持续学习的紧迫感'],
    groups: [],
    measures: ['制定个人学习计划，每周自学不少于3小时', '对照岗位职责梳理工作标准，逐项对标提升'],
    check: (r) => {
      expect(r.outline.filter((o) => o.style === 'plain').map((o) => o.title)).toEqual(['存在问题', '原因分析', '整改措施']);
    },
  },
  {
    file: 'personal-top-aspects.txt',
    title: '个人对照检查材料',
    kind: 'personal',
    aspects: ['在坚定理想信念方面', '在担当作为方面'],
    problems: ['有时政治理论学习不够深入', '面对急难险重任务有畏难情绪，去年处理两起信访积案时推进迟缓'],
    causes: ['放松了对主观世界的改造，宗旨意识有所淡化'],
    groups: [],
    measures: ['每月精读一本理论著作，撰写读书笔记', '主动认领信访积案，年内化解2件'],
    bestProblemFor: { 主动认领信访积案年内化解2件: '面对急难险重任务有畏难情绪，去年处理两起信访积案时推进迟缓' },
  },
  {
    file: 'speech-outline-concessions.txt',
    title: 'XX同志2023年度民主生活会发言提纲',
    kind: 'personal',
    aspects: ['在深刻领悟“两个确立”方面', '在为民造福方面', '在廉洁自律方面'],
    // After 「能够…，但…」 the title is the shortcoming, not the concession.
    problems: ['在学懂弄通上还有差距', '我深入群众调研不够', '对身边工作人员要求不够严格'],
    causes: ['理论学习抓得不紧，宗旨意识有所弱化'],
    groups: [],
    measures: ['强化理论武装，每周自学不少于3小时', '践行为民宗旨，每季度下基层不少于3次', '严格管好身边人，每半年开展一次廉政谈话'],
    bestProblemFor: {
      践行为民宗旨每季度下基层不少于3次: '我深入群众调研不够',
      严格管好身边人每半年开展一次廉政谈话: '对身边工作人员要求不够严格',
    },
    check: (r) => {
      expect(r.problems[1]?.examples.map((e) => e.text)).toEqual(['对辖区3个老旧小区的安全隐患了解不全面']);
      expect(r.quality.findings.map((f) => f.code)).toContain('low_problem_cause_share');
    },
  },
  {
    file: 'unknown.txt',
    title: '我局召开党风廉政建设工作会议',
    kind: 'unknown',
    aspects: [],
    problems: [],
    causes: [],
    groups: [],
    measures: [],
    check: (r) => {
      expect(r.unclassified.map((u) => u.reason)).toEqual(['no_structure']);
      expect(r.links).toEqual([]);
      expect(r.quality.findings).toEqual([]);
    },
  },
];

const squash = (s: string) => s.replace(/[，、,\s]/g, '');

describe('parseInspectionReport on fixtures', () => {
  it('has at least twelve fixtures besides the sample', () => {
    expect(CASES.length - 1).toBeGreaterThanOrEqual(12);
  });

  for (const c of CASES) {
    describe(c.file, () => {
      const report = parseInspectionReport(readFixture(c.file));

      it('reads title, kind and the parts', () => {
        expect(report.title).toBe(c.title);
        expect(report.kind).toBe(c.kind);
        expect(report.aspects.map((a) => a.title)).toEqual(c.aspects);
        expect(report.problems.map((p) => p.title)).toEqual(c.problems);
        expect(report.causes.map((x) => x.title)).toEqual(c.causes);
        expect(report.measureGroups.map((g) => g.title)).toEqual(c.groups);
        expect(report.measures.map((m) => m.title)).toEqual(c.measures);
        expect(report.other.map((o) => [o.kind, o.title])).toEqual(c.other ?? []);
      });

      it('numbers ids in document order and keeps offsets consistent', () => {
        expect(report.problems.map((p) => p.id)).toEqual(report.problems.map((_, i) => `p${i + 1}`));
        expect(report.measures.map((m) => m.id)).toEqual(report.measures.map((_, i) => `m${i + 1}`));
        expect(report.causes.map((x) => x.id)).toEqual(report.causes.map((_, i) => `c${i + 1}`));
        const input = readFixture(c.file);
        for (const item of [...report.problems, ...report.causes, ...report.measures]) {
          expect(item.end).toBeGreaterThan(item.start);
          // The item text is found at its offsets in the normalised text…
          expect(report.text.slice(item.start, item.end)).toContain(item.title.slice(0, 4));
          // …and its source span points at the same words in the input.
          const head = item.title.slice(0, 2);
          if (/^[\u4e00-\u9fff]{2}$/.test(head)) expect(input.slice(item.sourceStart, item.sourceEnd)).toContain(head);
        }
      });

      if (c.counts) {
        it('reads the counts the preamble states', () => {
          expect(report.preamble?.counts).toMatchObject(c.counts as object);
        });
      }

      if (c.bestProblemFor) {
        for (const [measure, problem] of Object.entries(c.bestProblemFor)) {
          it(`links 「${measure}」 best to 「${problem}」`, () => {
            const m = report.measures.find((x) => squash(x.title) === measure);
            expect(m, measure).toBeDefined();
            const best = report.links
              .filter((l) => l.kind === 'measure_problem' && l.measureId === m?.id)
              .sort((a, b) => b.score - a.score)[0];
            expect(report.problems.find((p) => p.id === best?.problemId)?.title).toBe(problem);
          });
        }
      }

      if (c.check) it('meets the case-specific expectations', () => c.check?.(report));
    });
  }
});

describe('the sample in other clothes', () => {
  const sample = readFixture('leadership-self-inspection.txt');
  /** Wraps every line at `width` characters and adds a page number every 40 lines, like a PDF extract. */
  const wrapLikePdf = (text: string, width: number) =>
    text
      .split('\n')
      .flatMap((line) => line.match(new RegExp(`.{1,${width}}`, 'g')) ?? [''])
      .map((line, i) => (i % 40 === 39 ? `${line}\n\n- ${Math.floor(i / 40) + 1} -\n` : line))
      .join('\n');
  const parts = (r: InspectionReport) => ({
    title: r.title,
    aspects: r.aspects.map((a) => a.title),
    problems: r.problems.map((p) => p.title),
    causes: r.causes.map((c) => c.title),
    groups: r.measureGroups.map((g) => g.title),
    measures: r.measures.map((m) => m.title),
  });
  const expected = parts(parseInspectionReport(sample));

  it.each<[string, string, Partial<InspectionReport['normalisation']>]>([
    ['on one line', sample.replace(/\n/g, ''), { oneLine: true }],
    ['on one line with spaces for breaks', sample.replace(/\n/g, ' '), { oneLine: true }],
    ['wrapped at 32 characters with page numbers', wrapLikePdf(sample, 32), { removedLines: 3 }],
    ['wrapped at 20 characters with page numbers', wrapLikePdf(sample, 20), { removedLines: 5 }],
    [
      'inside a web page',
      `首页 > 学习园地 > 正文\n${sample.split('\n')[0]}\n发布时间：2021-06-01 浏览量：1024\n${sample}\n上一篇：无\n版权所有 © 2021`,
      { removedLines: 5 },
    ],
    ['with half-width brackets and commas', sample.replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ','), {}],
    ['with CRLF line ends and blank lines', sample.replace(/\n/g, '\r\n\r\n'), {}],
    ['indented with ideographic spaces', sample.split('\n').map((l) => `\u3000\u3000${l}`).join('\n'), {}],
  ])('reads the same %s', (_, input, normalisation) => {
    const r = parseInspectionReport(input);
    expect(parts(r)).toEqual(expected);
    expect(r.normalisation).toMatchObject(normalisation);
    // Source offsets still point at each problem in this input.
    for (const p of r.problems) {
      const source = input.slice(p.sourceStart, p.sourceEnd).replace(/\s/g, '');
      expect(source.startsWith(p.marker + p.title.slice(0, 3).replace(/，/g, ','))).toBe(true);
    }
  });
});

describe('parseInspectionReport options and edge cases', () => {
  it('flags problems repeated from earlier reports when the caller passes them', () => {
    const report = parseInspectionReport(readFixture('leadership-self-inspection.txt'), {
      earlierProblems: [
        { title: '网格联系工作落实不够深入' },
        { title: '执法办案质量有待提高', text: '卷宗材料不规范' },
      ],
    });
    expect(report.quality.repeats.map((r) => [r.problemId, r.earlierIndex])).toEqual([['p8', 0]]);
    expect(report.quality.findings.find((f) => f.code === 'repeated_problem')?.itemIds).toEqual(['p8']);
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t\r\n '],
    ['binary-looking', '\u0000\u0001\u0002PK\u0003\u0004\uFFFD\uFFFD'],
  ])('returns an unknown report for %s input', (_, input) => {
    const r = parseInspectionReport(input);
    expect(r.kind).toBe('unknown');
    expect(r.problems).toEqual([]);
    expect(r.sourceLength).toBe(input.length);
  });

  it('tolerates a non-string at run time', () => {
    const r = parseInspectionReport(undefined as unknown as string);
    expect(r.kind).toBe('unknown');
    expect(r.text).toBe('');
  });
});
