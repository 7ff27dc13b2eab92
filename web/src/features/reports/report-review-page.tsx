import { ArrowLeftOutlined, DownloadOutlined, FileExcelOutlined, FileWordOutlined, SaveOutlined, TableOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { downloadFile } from '../../api/client';
import { confirmConflictReload } from '../../components/confirm-conflict-reload';
import { errorText, fieldIssuesOf } from '../../api/errors';
import { FullPageSpin } from '../../components/full-page-spin';
import { ErrorResult } from '../../components/result-pages';
import { useShowError } from '../../components/use-api-error';
import { MoveModal, SplitModal } from './edit-modals';
import { QualityPanel } from './quality-panel';
import { MaterialKindTag, ReportStateTag } from './report-labels';
import { putStructure, REPORTS_KEY, reportKey, useReport, type Report, type Structure } from './reports-api';
import { addLink, deleteItem, mergeWithNext, moveItem, renameItem, setLinkAccepted, splitItem } from './structure-edit';
import { StructureTree, type TreeActions } from './structure-tree';
import { marksOf, TextPane } from './text-pane';
import './reports.css';

/** Review of a filed material: the original with highlights beside the editable structure, and its quality. */
export function ReportReviewPage() {
  const { id = '' } = useParams();
  const report = useReport(id);
  if (report.isPending) return <FullPageSpin />;
  if (report.error || !report.data) return <ErrorResult error={report.error} onRetry={() => void report.refetch()} />;
  return <Review report={report.data} refetch={() => report.refetch()} />;
}

function Review({ report, refetch }: { report: Report; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const [edited, setEdited] = useState<Structure | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const [splitting, setSplitting] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const structure = edited ?? report.structure;
  const dirty = edited !== null;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const edit = (change: (s: Structure) => Structure) => setEdited((prev) => change(prev ?? report.structure));

  const save = useMutation({
    mutationFn: () => putStructure(report.id, structure, report.version),
    onSuccess: (saved) => {
      client.setQueryData(reportKey(report.id), saved);
      void client.invalidateQueries({ queryKey: [...REPORTS_KEY, 'list'] });
      setEdited(null);
      void message.success(t('reports.review.saved'));
    },
    onError: (e) => {
      if (
        confirmConflictReload(e, modal, t, async () => {
          setEdited(null);
          await refetch();
        })
      )
        return;
      const issues = fieldIssuesOf(t, e);
      if (issues.length) {
        void message.error(issues.slice(0, 3).map((i) => i.message).join('；'));
        return;
      }
      void message.error(errorText(t, e));
    },
  });

  // Scroll both panes to the item and flash its span in the original.
  const select = useCallback((itemId: string) => {
    setSelectedId(itemId);
    requestAnimationFrame(() => {
      const mark = textRef.current?.querySelector<HTMLElement>(`[data-span-id="${CSS.escape(itemId)}"]`);
      if (mark) {
        mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
        mark.classList.remove('hl-flash');
        void mark.offsetWidth;
        mark.classList.add('hl-flash');
      }
      treeRef.current?.querySelector<HTMLElement>(`[data-testid="report-item"][data-item-id="${CSS.escape(itemId)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    });
  }, []);

  const actions: TreeActions = {
    rename: (itemId, title) => edit((s) => renameItem(s, itemId, title)),
    move: setMoving,
    merge: (itemId) => edit((s) => mergeWithNext(s, itemId)),
    split: setSplitting,
    remove: (itemId) => edit((s) => deleteItem(s, itemId)),
    setAccepted: (key, accepted) => edit((s) => setLinkAccepted(s, key, accepted)),
    addLink: (fromId, problemId) => edit((s) => addLink(s, fromId, problemId)),
    select,
  };

  const download = async (kind: string, path: string, fallback: string) => {
    setDownloading(kind);
    try {
      await downloadFile(path, undefined, fallback);
    } catch (e) {
      showError(e);
    } finally {
      setDownloading(null);
    }
  };

  const titleOf = (itemId: string) =>
    [...structure.problems, ...structure.causes, ...structure.measures].find((x) => x.id === itemId)?.title ??
    report.parsed.problems.find((p) => p.id === itemId)?.title ??
    itemId;

  return (
    <div className="page" data-testid="report-review">
      <div className="page-header">
        <Space wrap align="center">
          <Link to="/reports">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('reports.back')} />
          </Link>
          <Typography.Title level={3} data-testid="report-title">
            {structure.title || report.title}
          </Typography.Title>
        </Space>
        <Space wrap>
          {report.sourceKind === 'file' ? (
            <Button
              icon={<DownloadOutlined />}
              loading={downloading === 'file'}
              onClick={() => void download('file', `/reports/${report.id}/file`, report.fileName ?? 'material')}
              data-testid="report-download-original"
            >
              {t('reports.downloadOriginal')}
            </Button>
          ) : null}
          <Button icon={<FileWordOutlined />} loading={downloading === 'docx'} onClick={() => void download('docx', `/reports/${report.id}/export.docx`, `${report.title}.docx`)} data-testid="report-export-docx">
            {t('reports.exportDocx')}
          </Button>
          <Button icon={<FileExcelOutlined />} loading={downloading === 'xlsx'} onClick={() => void download('xlsx', `/reports/${report.id}/lists.xlsx`, `${report.title}.xlsx`)} data-testid="report-export-xlsx">
            {t('reports.exportXlsx')}
          </Button>
          <Tooltip title={dirty ? t('reports.review.dirty') : undefined}>
            <Button icon={<TableOutlined />} disabled={dirty} onClick={() => navigate(`/reports/${report.id}/draft`)} data-testid="report-generate-draft">
              {report.hasLedgerDraft ? t('reports.openDraft') : t('reports.generateDraft')}
            </Button>
          </Tooltip>
        </Space>
      </div>
      <div className="report-meta" data-testid="report-meta">
        <MaterialKindTag kind={report.kind} />
        <Tag>{report.orgUnitName}</Tag>
        <Tag>{t('reports.yearValue', { year: report.year })}</Tag>
        <Tag>{report.campaign}</Tag>
        {report.personName ? <Tag color="purple">{report.personName}</Tag> : null}
        <ReportStateTag report={report} />
        <Typography.Text type="secondary" data-testid="report-counts">
          {t('reports.summary', { aspects: structure.aspects.length, problems: structure.problems.length, causes: structure.causes.length, measures: structure.measures.length })}
        </Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={11}>
          <Card
            size="small"
            className="report-pane"
            title={t('reports.review.original')}
            extra={
              <Space size={10} wrap>
                {(['problem', 'cause', 'measure'] as const).map((p) => (
                  <span key={p} className="legend">
                    <span className={`legend-swatch hl-${p}`} />
                    {t(`reports.part.${p}`)}
                  </span>
                ))}
              </Space>
            }
          >
            <TextPane ref={textRef} text={report.parsed.text} marks={marksOf(report, structure)} selectedId={selectedId} onSelect={select} />
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card
            size="small"
            className="report-pane"
            title={t('reports.review.structure')}
            extra={
              <Space size={8} wrap>
                {dirty ? (
                  <>
                    <Tag color="orange" data-testid="report-dirty">
                      {t('reports.review.dirty')}
                    </Tag>
                    <Button size="small" onClick={() => setEdited(null)} data-testid="report-discard">
                      {t('reports.review.discard')}
                    </Button>
                  </>
                ) : null}
                <Button type="primary" size="small" icon={<SaveOutlined />} disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="report-save">
                  {t('reports.review.save')}
                </Button>
              </Space>
            }
          >
            <div className="report-tree" ref={treeRef}>
              <StructureTree structure={structure} selectedId={selectedId} actions={actions} />
            </div>
          </Card>
        </Col>
        <Col span={24}>
          <QualityPanel report={report} titleOf={titleOf} onSelect={select} />
        </Col>
      </Row>
      <MoveModal structure={structure} itemId={moving} onClose={() => setMoving(null)} onMove={(itemId, target) => edit((s) => moveItem(s, itemId, target))} />
      <SplitModal
        structure={structure}
        itemId={splitting}
        onClose={() => setSplitting(null)}
        onSplit={(itemId, at) => edit((s) => splitItem(s, itemId, at).structure)}
      />
    </div>
  );
}
