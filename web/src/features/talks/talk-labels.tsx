import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CADENCE_VALUES,
  CONCERN_CATEGORIES,
  CONCERN_SEVERITIES,
  FOLLOW_UP_KINDS,
  POPULATION_VALUES,
  TALK_KINDS,
  TALK_TRIGGER_VALUES,
  TALKER_ROLE_VALUES,
} from '../../../../src/contracts/talks';

export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];
export type ConcernSeverity = (typeof CONCERN_SEVERITIES)[number];
export type TalkKind = (typeof TALK_KINDS)[number];
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

const SEVERITY_COLORS: Record<ConcernSeverity, string> = { low: 'blue', medium: 'orange', high: 'red' };
const CATEGORY_COLORS: Record<ConcernCategory, string> = {
  ideological: 'geekblue',
  psychological: 'purple',
  family_hardship: 'gold',
  health: 'cyan',
  discipline_risk: 'red',
  financial: 'volcano',
  other: 'default',
};

export function ConcernTag({ category, severity }: { category: ConcernCategory; severity?: ConcernSeverity }) {
  const { t } = useTranslation();
  return (
    <Tag color={severity ? SEVERITY_COLORS[severity] : CATEGORY_COLORS[category]} data-testid="concern-tag">
      {t(`talks.concern.${category}`)}
      {severity ? ` · ${t(`talks.severity.${severity}`)}` : ''}
    </Tag>
  );
}

export function TalkKindTag({ kind }: { kind: TalkKind }) {
  const { t } = useTranslation();
  const color = kind === 'triggered' ? 'red' : kind === 'requested' ? 'orange' : 'default';
  return <Tag color={color}>{t(`talks.kind.${kind}`)}</Tag>;
}

/** Select options in the current language for every talk enumeration. */
export function useTalkOptions() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      kind: TALK_KINDS.map((v) => ({ value: v, label: t(`talks.kind.${v}`) })),
      concern: CONCERN_CATEGORIES.map((v) => ({ value: v, label: t(`talks.concern.${v}`) })),
      severity: CONCERN_SEVERITIES.map((v) => ({ value: v, label: t(`talks.severity.${v}`) })),
      followUp: FOLLOW_UP_KINDS.map((v) => ({ value: v, label: t(`talks.followUpKind.${v}`) })),
      trigger: TALK_TRIGGER_VALUES.map((v) => ({ value: v, label: t(`talks.trigger.${v}`) })),
      talkerRole: TALKER_ROLE_VALUES.map((v) => ({ value: v, label: t(`talks.talkerRole.${v}`) })),
      population: POPULATION_VALUES.map((v) => ({ value: v, label: t(`talks.population.${v}`) })),
      cadence: CADENCE_VALUES.map((v) => ({ value: v, label: t(`talks.cadence.${v}`) })),
    }),
    [t],
  );
}
