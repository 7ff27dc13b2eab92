import { Alert, Input, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonTestId } from '../../components/test-id';
import type { Structure } from './reports-api';
import { findItem, sentenceBreaks, titleOf, type MoveTarget } from './structure-edit';

function encode(target: MoveTarget): string {
  if (target.part === 'problem') return `problem:${target.aspectId ?? ''}`;
  if (target.part === 'measure') return `measure:${target.groupId ?? ''}`;
  return 'cause';
}

function decode(value: string): MoveTarget {
  const [part, ref] = value.split(':') as [string, string | undefined];
  if (part === 'problem') return { part: 'problem', aspectId: ref || null };
  if (part === 'measure') return { part: 'measure', groupId: ref || null };
  return { part: 'cause' };
}

/** Changes an item's part (problem / cause / measure) or its aspect or group. */
export function MoveModal({ structure, itemId, onClose, onMove }: { structure: Structure; itemId: string | null; onClose: () => void; onMove: (id: string, target: MoveTarget) => void }) {
  const { t } = useTranslation();
  const found = itemId ? findItem(structure, itemId) : null;
  const current = useMemo((): string | null => {
    if (!found || !itemId) return null;
    if (found.part === 'problem') return encode({ part: 'problem', aspectId: structure.problems.find((p) => p.id === itemId)?.aspectId ?? null });
    if (found.part === 'measure') return encode({ part: 'measure', groupId: structure.measures.find((m) => m.id === itemId)?.groupId ?? null });
    return 'cause';
  }, [found, itemId, structure]);
  const [value, setValue] = useState<string | null>(null);
  const chosen = value ?? current;
  const options = [
    ...structure.aspects.map((a) => ({ value: encode({ part: 'problem', aspectId: a.id }), label: t('reports.move.asProblem', { aspect: a.title }) })),
    { value: encode({ part: 'problem', aspectId: null }), label: t('reports.move.asProblem', { aspect: t('reports.noAspect') }) },
    { value: 'cause', label: t('reports.move.asCause') },
    ...structure.measureGroups.map((g) => ({ value: encode({ part: 'measure', groupId: g.id }), label: t('reports.move.asMeasure', { group: g.title }) })),
    { value: encode({ part: 'measure', groupId: null }), label: t('reports.move.asMeasure', { group: t('reports.noGroup') }) },
  ];
  const close = () => {
    setValue(null);
    onClose();
  };
  return (
    <Modal
      open={!!found}
      title={found ? t('reports.move.title', { title: found.item.title }) : ''}
      onCancel={close}
      onOk={() => {
        if (itemId && chosen && chosen !== current) onMove(itemId, decode(chosen));
        close();
      }}
      okButtonProps={buttonTestId('report-move-ok')}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('reports.move.target')}</Typography.Paragraph>
      <Select value={chosen} onChange={setValue} options={options} style={{ width: '100%' }} data-testid="report-move-target" />
      {chosen && found && decode(chosen).part !== found.part ? <Alert type="warning" showIcon message={t('reports.move.linksDropped')} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}

/** Splits an item's body at the caret or at a chosen sentence end. */
export function SplitModal({ structure, itemId, onClose, onSplit }: { structure: Structure; itemId: string | null; onClose: () => void; onSplit: (id: string, at: number) => void }) {
  const { t } = useTranslation();
  const found = itemId ? findItem(structure, itemId) : null;
  const body = found?.item.body ?? '';
  const [at, setAt] = useState<number | null>(null);
  const breaks = useMemo(() => sentenceBreaks(body), [body]);
  const preview = at !== null && at > 0 && at < body.length ? titleOf(body.slice(at)).title : '';
  const close = () => {
    setAt(null);
    onClose();
  };
  return (
    <Modal
      open={!!found}
      title={found ? t('reports.split.title', { title: found.item.title }) : ''}
      onCancel={close}
      onOk={() => {
        if (itemId && at !== null && preview) onSplit(itemId, at);
        close();
      }}
      okButtonProps={{ ...buttonTestId('report-split-ok'), disabled: !preview }}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reports.split.hint')}</Typography.Paragraph>
      <Select
        value={at !== null && breaks.includes(at) ? at : null}
        onChange={(v: number) => setAt(v)}
        placeholder={t('reports.split.sentence')}
        options={breaks.map((b, i) => ({ value: b, label: `${t('reports.split.sentenceOption', { n: i + 1 })}：${body.slice(Math.max(0, b - 18), b)}` }))}
        style={{ width: '100%', marginBottom: 12 }}
        data-testid="report-split-sentence"
      />
      <Input.TextArea
        readOnly
        value={body}
        autoSize={{ minRows: 4, maxRows: 14 }}
        className="split-text"
        onSelect={(e) => setAt(e.currentTarget.selectionStart)}
        onClick={(e) => setAt(e.currentTarget.selectionStart)}
        data-testid="report-split-body"
      />
      <div style={{ marginTop: 12 }} data-testid="report-split-preview">
        {at === null ? (
          <Typography.Text type="secondary">{t('reports.split.pickPoint')}</Typography.Text>
        ) : (
          <>
            <div>{t('reports.split.position', { at })}</div>
            {preview ? <Typography.Text strong>{t('reports.split.newTitle', { title: preview })}</Typography.Text> : null}
          </>
        )}
      </div>
    </Modal>
  );
}
