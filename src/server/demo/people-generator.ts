import type { PersonFields } from '../../contracts/people';
import { computeCheckChar } from '../../domain/people/national-id';
import type { Rng } from './random';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN_M = ['伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宁', '健', '志强', '建国', '海涛', '俊杰', '文博', '子豪', '浩然', '宇航', '晓东', '立新', '振华', '国庆', '德明', '永刚', '卫东', '家豪'];
const GIVEN_F = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '婷', '雪', '慧', '莉', '红', '琳', '颖', '晶', '欣怡', '雨欣', '佳琪', '思雨', '晓燕', '丽华', '秀英', '玉兰', '海燕', '春梅', '梦瑶', '婉清'];
const PLACES = ['江苏南京', '江苏徐州', '安徽合肥', '山东临沂', '河南商丘', '湖北武汉', '湖南长沙', '四川成都', '江西九江', '浙江温州', '河北保定', '山西大同', '陕西西安', '甘肃天水', '黑龙江哈尔滨'];
const REGION_CODES = ['320102', '320302', '340104', '371302', '411402', '420106', '430105', '510104', '360402', '330302', '130602', '140202', '610103', '620502', '230102'];
const EDUCATION = ['研究生', '大学本科', '大学本科', '大学本科', '大学专科', '大学专科', '中专', '高中'];

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
function addYears(date: string, years: number, rng: Rng): string {
  const y = Number(date.slice(0, 4)) + years;
  return isoDate(y, rng.int(1, 12), rng.int(1, 28));
}

export type GeneratedPerson = PersonFields & { seniority: 'leader' | 'head' | 'deputy' | 'staff' };

/** A realistic staff member of a disciplined-service unit, aged 23–59, with a valid ID number. */
export function generatePerson(rng: Rng, opts: { today: Date; seniority?: GeneratedPerson['seniority'] }): GeneratedPerson {
  const seniority = opts.seniority ?? 'staff';
  const gender = rng.chance(0.78) ? 'male' : 'female';
  const name = rng.pick([...SURNAMES]) + rng.pick(gender === 'male' ? GIVEN_M : GIVEN_F);
  const year = opts.today.getFullYear();
  const minAge = seniority === 'leader' ? 42 : seniority === 'head' ? 35 : seniority === 'deputy' ? 30 : 23;
  const age = rng.int(minAge, 59);
  const birthDate = isoDate(year - age, rng.int(1, 12), rng.int(1, 28));
  const placeIdx = rng.int(0, PLACES.length - 1);
  const first17 = REGION_CODES[placeIdx]! + birthDate.replace(/-/g, '') + String(rng.int(0, 99)).padStart(2, '0') + String(gender === 'male' ? rng.int(0, 4) * 2 + 1 : rng.int(0, 4) * 2);
  const nationalId = first17 + computeCheckChar(first17);
  const workStartedOn = addYears(birthDate, rng.int(20, 24), rng);
  const serviceStartedOn = rng.chance(0.8) ? workStartedOn : addYears(workStartedOn, rng.int(1, 4), rng);
  const serviceYears = year - Number(serviceStartedOn.slice(0, 4));
  const partyRoll = rng.next();
  const partyStatus =
    seniority !== 'staff' ? 'full_member' : partyRoll < 0.72 ? 'full_member' : partyRoll < 0.78 ? 'probationary' : partyRoll < 0.88 ? 'activist' : partyRoll < 0.93 ? 'applicant' : 'none';
  const partyJoinedOn = partyStatus === 'full_member' || partyStatus === 'probationary'
    ? partyStatus === 'probationary' ? isoDate(year - (rng.chance(0.5) ? 0 : 1), rng.int(1, 12), rng.int(1, 28)) : addYears(birthDate, rng.int(19, Math.max(20, Math.min(age - 1, 35))), rng)
    : null;
  const partyConfirmedOn = partyStatus === 'full_member' && partyJoinedOn ? addYears(partyJoinedOn, 1, rng) : null;
  const post = seniority === 'leader' ? rng.pick(['党总支书记', '副局长', '政委', '副政委']) : seniority === 'head' ? '科长' : seniority === 'deputy' ? '副科长' : rng.pick(['科员', '民警', '民警', '民警', '内勤', '值班员']);
  const rank = seniority === 'leader' ? rng.pick(['一级高级警长', '二级高级警长']) : seniority === 'head' ? rng.pick(['二级高级警长', '三级高级警长', '一级警长']) : serviceYears > 20 ? rng.pick(['一级警长', '二级警长']) : serviceYears > 10 ? rng.pick(['二级警长', '三级警长', '四级警长']) : serviceYears > 3 ? rng.pick(['一级警员', '四级警长']) : '二级警员';
  const yearsInPost = Math.min(serviceYears, rng.chance(0.25) ? rng.int(8, 15) : rng.int(0, 7));
  const postSince = isoDate(year - yearsInPost, rng.int(1, 12), rng.int(1, 28));
  const phone = '1' + rng.pick(['3', '5', '7', '8', '9']) + String(rng.int(0, 999999999)).padStart(9, '0');
  return {
    name,
    gender,
    ethnicity: rng.chance(0.92) ? '汉族' : rng.pick(['回族', '满族', '壮族', '蒙古族']),
    birthDate,
    nativePlace: PLACES[placeIdx]!,
    education: rng.pick(EDUCATION),
    partyStatus,
    partyJoinedOn,
    partyConfirmedOn,
    workStartedOn,
    serviceStartedOn,
    post,
    rank,
    postSince: postSince < serviceStartedOn ? serviceStartedOn : postSince,
    status: 'active',
    transferredInOn: null,
    transferredOutOn: null,
    phone,
    nationalId,
    departmentId: null,
    branchId: null,
    seniority,
  };
}
