import { CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, MergeCellsOutlined, ScissorOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Input, Popconfirm, Select, Tag, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Structure, StructureLink } from './reports-api';
import { linkKey, nextItemOf, type ItemPart } from './structure-edit';

export type TreeActions = {
  rename: (id: string, title: string) => void;
  move: (id: string) => void;
  merge: (id: string) => void;
  split: (id: string) => void;
  remove: (id: string) => void;
  setAccepted: (key: string, accepted: boolean | null) => void;
  addLink: (fromId: string, problemId: string) => void;
  select: (id: string) => void;
};

type Props = { structure: Structure; selectedId: string | null; readOnly?: boolean; actions: TreeActions };

/** Aspects → problems; causes; measure groups → measures; each item with its edits and its links. */
export function StructureTree({ structure, selectedId, readOnly = false, actions }: Props) {
  const { t } = useTranslation();
  const problemsOf = (aspectId: string | null) => structure.problems.filter((p) => p.aspectId === aspectId);
  const measuresOf = (groupId: string | null) => structure.measures.filter((m) => m.groupId === groupId);
  const item = (part: ItemPart, x: { id: string; title: string; body: string }) => (
    <TreeItem key={x.id} part={part} item={x} structure={structure} selected={selectedId === x.id} readOnly={readOnly} actions={actions} />
  );
  const orphanProblems = problemsOf(null);
  const orphanMeasures = measuresOf(null);
  return (
    <div data-testid="report-tree">
      <div className="report-section-title">{t('reports.section.problems')}</div>
      {structure.aspects.map((a) => (
        <div key={a.id}>
          <Container id={a.id} title={a.title} label={t('reports.part.aspect')} readOnly={readOnly} onRename={actions.rename} />
          {problemsOf(a.id).map((p) => item('problem', p))}
        </div>
      ))}
      {orphanProblems.length ? (
        <>
          {structure.aspects.length ? <div className="report-container">{t('reports.noAspect')}</div> : null}
          {orphanProblems.map((p) => item('problem', p))}
        </>
      ) : null}
      <div className="report-section-title">{t('reports.section.causes')}</div>
      {structure.causes.map((c) => item('cause', c))}
      <div className="report-section-title">{t('reports.section.measures')}</div>
      {structure.measureGroups.map((g) => (
        <div key={g.id}>
          <Container id={g.id} title={g.title} label={t('reports.part.group')} readOnly={readOnly} onRename={actions.rename} />
          {measuresOf(g.id).map((m) => item('measure', m))}
        </div>
      ))}
      {orphanMeasures.length ? (
        <>
          {structure.measureGroups.length ? <div className="report-container">{t('reports.noGroup')}</div> : null}
          {orphanMeasures.map((m) => item('measure', m))}
        </>
      ) : null}
    </div>
  );
}

function Container({ id, title, label, readOnly, onRename }: { id: string; title: string; label: string; readOnly: boolean; onRename: (id: string, title: string) => void }) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="report-container" data-testid="report-container" data-item-id={id}>
      <Typography.Text type="secondary" style={{ fontWeight: 400, marginRight: 6 }}>
        {label}
      </Typography.Text>
      {editing ? (
        <TitleInput
          initial={title}
          onDone={(v) => {
            setEditing(false);
            if (v !== null) onRename(id, v);
          }}
        />
      ) : (
        <>
          {title}
          {readOnly ? null : <EditButton onClick={() => setEditing(true)} />}
        </>
      )}
    </div>
  );
}

function EditButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('reports.action.editTitle')}>
      <Button type="text" size="small" icon={<EditOutlined />} onClick={onClick} aria-label={t('reports.action.editTitle')} data-testid="report-item-title-edit" />
    </Tooltip>
  );
}

/** An inline title editor: Enter or leaving the field keeps the text, Escape drops it (onDone(null)). */
function TitleInput({ initial, onDone }: { initial: string; onDone: (value: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const finish = (keep: boolean) => onDone(keep && value.trim() && value.trim() !== initial ? value.trim() : null);
  return (
    <Input
      autoFocus
      size="small"
      value={value}
      maxLength={500}
      onChange={(e) => setValue(e.target.value)}
      onPressEnter={() => finish(true)}
      onBlur={() => finish(true)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') finish(false);
      }}
      style={{ flex: '1 1 220px', minWidth: 0 }}
      data-testid="report-item-title-input"
    />
  );
}

const PART_COLOR: Record<ItemPart, string> = { problem: 'red', cause: 'gold', measure: 'green' };

function TreeItem({
  part,
  item,
  structure,
  selected,
  readOnly,
  actions,
}: {
  part: ItemPart;
  item: { id: string; title: string; body: string };
  structure: Structure;
  selected: boolean;
  readOnly: boolean;
  actions: TreeActions;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const next = nextItemOf(structure, item.id);
  const body = item.body.replace(/^[。；，：\s]+/, '');
  const action = (key: string, icon: ReactNode, onClick: () => void, testId: string, disabled = false) => (
    <Tooltip title={t(key as 'reports.action.move')}>
      <Button type="text" size="small" icon={icon} onClick={onClick} disabled={disabled} aria-label={t(key as 'reports.action.move')} data-testid={testId} />
    </Tooltip>
  );
  return (
    <div
      className={`report-item report-item-${part}${selected ? ' report-item-selected' : ''}`}
      data-testid="report-item"
      data-item-id={item.id}
      data-part={part}
    >
      <div className="report-item-head">
        <Tag color={PART_COLOR[part]} style={{ marginInlineEnd: 0 }}>
          {t(`reports.part.${part}`)}
        </Tag>
        {editing ? (
          <TitleInput
            initial={item.title}
            onDone={(v) => {
              setEditing(false);
              if (v !== null) actions.rename(item.id, v);
            }}
          />
        ) : (
          <span className="report-item-title" onClick={() => actions.select(item.id)} data-testid="report-item-title">
            {item.title}
          </span>
        )}
        {readOnly || editing ? null : (
          <span className="report-item-actions">
            <EditButton onClick={() => setEditing(true)} />
            {action('reports.action.move', <SwapOutlined />, () => actions.move(item.id), 'report-item-move')}
            {action('reports.action.merge', <MergeCellsOutlined />, () => actions.merge(item.id), 'report-item-merge', !next)}
            {action('reports.action.split', <ScissorOutlined />, () => actions.split(item.id), 'report-item-split', body.length < 2)}
            <Popconfirm title={t('reports.action.deleteConfirm', { title: item.title })} onConfirm={() => actions.remove(item.id)} okButtonProps={{ danger: true }}>
              <Tooltip title={t('reports.action.delete')}>
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('reports.action.delete')} data-testid="report-item-delete" />
              </Tooltip>
            </Popconfirm>
          </span>
        )}
      </div>
      {body ? (
        <Typography.Paragraph className="report-item-body" ellipsis={{ rows: 2, expandable: 'collapsible' }} style={{ marginBottom: 0 }}>
          {body}
        </Typography.Paragraph>
      ) : null}
      {part === 'problem' ? null : <ItemLinks fromId={item.id} structure={structure} readOnly={readOnly} actions={actions} />}
    </div>
  );
}

function fromOf(l: StructureLink): string {
  return l.kind === 'measure_problem' ? l.measureId : l.causeId;
}

function ItemLinks({ fromId, structure, readOnly, actions }: { fromId: string; structure: Structure; readOnly: boolean; actions: TreeActions }) {
  const { t } = useTranslation();
  const links = structure.links.filter((l) => fromOf(l) === fromId).sort((a, b) => (b.score ?? 1) - (a.score ?? 1));
  const titleOf = (id: string) => structure.problems.find((p) => p.id === id)?.title ?? id;
  const linked = new Set(links.map((l) => l.problemId));
  const options = structure.problems.filter((p) => !linked.has(p.id)).map((p) => ({ value: p.id, label: p.title }));
  return (
    <div className="report-links" data-testid="report-links">
      <Typography.Text type="secondary">{t('reports.links.title')}</Typography.Text>
      {links.length === 0 ? <Typography.Text type="secondary">{`：${t('reports.links.none')}`}</Typography.Text> : null}
      {links.map((l) => {
        const key = linkKey(l);
        const state = l.accepted === true ? 'accepted' : l.accepted === false ? 'rejected' : 'pending';
        return (
          <div key={key} className={`report-link report-link-${state}`} data-testid="report-link" data-link-key={key} data-accepted={String(l.accepted)}>
            <span className="report-link-title">
              <a onClick={() => actions.select(l.problemId)}>{titleOf(l.problemId)}</a>
            </span>
            <Typography.Text type="secondary">{l.score === null ? t('reports.links.manual') : t('reports.links.score', { score: l.score.toFixed(2) })}</Typography.Text>
            <Tag color={state === 'accepted' ? 'green' : state === 'rejected' ? 'default' : 'blue'} style={{ marginInlineEnd: 0 }}>
              {t(`reports.links.${state}`)}
            </Tag>
            {readOnly ? null : (
              <>
                <Tooltip title={t('reports.links.accept')}>
                  <Button
                    size="small"
                    type={l.accepted === true ? 'primary' : 'default'}
                    icon={<CheckOutlined />}
                    onClick={() => actions.setAccepted(key, l.accepted === true ? null : true)}
                    aria-label={t('reports.links.accept')}
                    data-testid="report-link-accept"
                  />
                </Tooltip>
                <Tooltip title={t('reports.links.reject')}>
                  <Button
                    size="small"
                    danger={l.accepted === false}
                    type={l.accepted === false ? 'primary' : 'default'}
                    icon={<CloseOutlined />}
                    onClick={() => actions.setAccepted(key, l.accepted === false ? null : false)}
                    aria-label={t('reports.links.reject')}
                    data-testid="report-link-reject"
                  />
                </Tooltip>
              </>
            )}
          </div>
        );
      })}
      {readOnly || options.length === 0 ? null : (
        <Select
          size="small"
          value={null}
          placeholder={t('reports.links.add')}
          options={options}
          onChange={(v: string | null) => v && actions.addLink(fromId, v)}
          showSearch={{ optionFilterProp: 'label' }}
          popupMatchSelectWidth={false}
          style={{ width: '100%', maxWidth: 320, marginTop: 4 }}
          data-testid="report-link-add"
        />
      )}
    </div>
  );
}
