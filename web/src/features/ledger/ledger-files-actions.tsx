import { DownloadOutlined, FileExcelOutlined, FileWordOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Result, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerImportReport, LedgerImportRow, ProgressReportKind } from '../../../../src/contracts/ledger-files';
import { apiFetch, apiUrl, downloadFile, isApiError } from '../../api/client';
import { errorText } from '../../api/errors';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useShowError } from '../../components/use-api-error';
import { useCan } from '../auth/session';

type Props = {
  /** The ledger list's current filters (as in the URL); the export applies the same ones. */
  filters: Record<string, string>;
  /** Called after items were written, so the list can refresh. */
  onImported: (report: LedgerImportReport) => void;
};

type Mode = LedgerImportReport['mode'];

const todayText = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The server's own message (specific, in Chinese) under the translated code, when they differ. */
function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const title = errorText(t, error);
  const detail = isApiError(error) && error.message && error.message !== title ? error.message : undefined;
  return <Alert type="error" showIcon title={title} description={detail} style={{ marginBottom: 12 }} data-testid="ledger-import-error" />;
}

function postImport(file: File, mode: Mode, orgUnitId: string): Promise<LedgerImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiFetch<LedgerImportReport>('/ledger-items/import', { method: 'POST', query: { mode, orgUnitId }, body: form });
}

function ImportModal({ open, defaultUnitId, onClose, onImported }: { open: boolean; defaultUnitId: string | null; onClose: () => void; onImported: Props['onImported'] }) {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | null>(defaultUnitId);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<LedgerImportReport | null>(null);
  const [done, setDone] = useState<LedgerImportReport | null>(null);

  const check = useMutation({ mutationFn: (f: File) => postImport(f, 'dry_run', unitId!), onSuccess: setReport });
  const commit = useMutation({
    mutationFn: (mode: Mode) => postImport(file!, mode, unitId!),
    onSuccess: (r) => {
      setDone(r);
      if (r.imported > 0) onImported(r);
    },
  });
  const reset = () => {
    setFile(null);
    setReport(null);
    setDone(null);
    check.reset();
    commit.reset();
  };
  const close = () => {
    reset();
    onClose();
  };
  const error = check.error ?? commit.error;

  const footer = done ? (
    <Button type="primary" onClick={close} data-testid="ledger-import-close">
      {t('ledgerFiles.close')}
    </Button>
  ) : report ? (
    <Flex wrap gap={8} justify="flex-end">
      <Button onClick={close} data-testid="ledger-import-discard">
        {t('ledgerFiles.discard')}
      </Button>
      <Button disabled={report.valid === 0 || report.invalid > 0} loading={commit.isPending && commit.variables === 'all_or_nothing'} onClick={() => commit.mutate('all_or_nothing')} data-testid="ledger-import-all">
        {t('ledgerFiles.importAll')}
      </Button>
      <Button type="primary" disabled={report.valid === 0} loading={commit.isPending && commit.variables === 'valid_rows'} onClick={() => commit.mutate('valid_rows')} data-testid="ledger-import-valid">
        {t('ledgerFiles.importValid')}
      </Button>
    </Flex>
  ) : (
    <Button onClick={close}>{t('ledgerFiles.cancel')}</Button>
  );

  const columns = [
    { title: t('ledgerFiles.row'), dataIndex: 'row', width: 64 },
    {
      title: t('ledgerFiles.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: LedgerImportRow['status']) => <Tag color={s === 'ok' ? 'green' : 'red'}>{t(s === 'ok' ? 'ledgerFiles.ok' : 'ledgerFiles.error')}</Tag>,
    },
    { title: t('ledgerFiles.aspect'), key: 'aspect', width: 120, render: (_: unknown, r: LedgerImportRow) => r.preview.aspect },
    { title: t('ledgerFiles.problem'), key: 'problem', render: (_: unknown, r: LedgerImportRow) => <Typography.Text ellipsis={{ tooltip: r.preview.problem }} style={{ maxWidth: 260 }}>{r.preview.problem}</Typography.Text> },
    { title: t('ledgerFiles.owner'), key: 'owner', width: 90, render: (_: unknown, r: LedgerImportRow) => r.preview.ownerName },
    { title: t('ledgerFiles.deadline'), key: 'deadline', width: 110, render: (_: unknown, r: LedgerImportRow) => r.preview.deadline },
    {
      title: t('ledgerFiles.errors'),
      key: 'errors',
      render: (_: unknown, r: LedgerImportRow) =>
        r.errors.map((e) => (
          <div key={`${e.column}-${e.message}`}>
            <Typography.Text type="danger">{`${e.column}：${e.message}`}</Typography.Text>
          </div>
        )),
    },
  ];

  return (
    <Modal open={open} title={t('ledgerFiles.importTitle')} onCancel={close} footer={footer} width={960} destroyOnHidden>
      <div data-testid="ledger-import-dialog">
        {error ? <ErrorAlert error={error} /> : null}
        {done ? (
          done.imported > 0 ? (
            <Result status="success" title={t('ledgerFiles.imported', { count: done.imported })} data-testid="ledger-import-result" />
          ) : (
            <Result status="warning" title={t('ledgerFiles.nothingImported')} data-testid="ledger-import-result" />
          )
        ) : report ? (
          <div data-testid="ledger-import-report">
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
              <Typography.Text type="secondary">{t('ledgerFiles.fileName', { name: file?.name ?? '' })}</Typography.Text>
              <Button size="small" onClick={reset} data-testid="ledger-import-choose-another">
                {t('ledgerFiles.chooseAnother')}
              </Button>
            </Flex>
            <Space size={32} wrap style={{ marginBottom: 12 }}>
              <Statistic title={t('ledgerFiles.totalRows')} value={report.rows.length} />
              <Statistic title={t('ledgerFiles.validRows')} value={report.valid} styles={{ content: { color: '#389e0d' } }} data-testid="ledger-import-valid-count" />
              <Statistic title={t('ledgerFiles.invalidRows')} value={report.invalid} styles={{ content: { color: report.invalid ? '#cf1322' : undefined } }} data-testid="ledger-import-invalid-count" />
            </Space>
            {report.invalid === 0 ? <Alert type="success" showIcon title={t('ledgerFiles.noErrors')} style={{ marginBottom: 12 }} /> : null}
            <Table
              size="small"
              rowKey="row"
              dataSource={report.rows}
              columns={columns}
              pagination={report.rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              data-testid="ledger-import-rows"
            />
          </div>
        ) : (
          <>
            <Form layout="vertical">
              <Form.Item label={t('ledgerFiles.unit')} required>
                <OrgUnitTreeSelect value={unitId} onChange={setUnitId} allowClear={false} style={{ width: '100%' }} data-testid="ledger-import-unit" />
              </Form.Item>
            </Form>
            {!unitId ? <Alert type="info" showIcon title={t('ledgerFiles.unitRequired')} style={{ marginBottom: 12 }} /> : null}
            <div data-testid="ledger-import-upload">
              <Upload.Dragger
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                showUploadList={false}
                disabled={!unitId || check.isPending}
                beforeUpload={(f) => {
                  setFile(f);
                  check.mutate(f);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{check.isPending ? t('ledgerFiles.checking') : t('ledgerFiles.upload')}</p>
                <p className="ant-upload-hint">{t('ledgerFiles.uploadHint')}</p>
              </Upload.Dragger>
            </div>
            <div style={{ marginTop: 12 }}>
              <Button type="link" icon={<DownloadOutlined />} href={apiUrl('/ledger-items/import-template.xlsx')} data-testid="ledger-import-template">
                {t('ledgerFiles.template')}
              </Button>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}

function ReportModal({ open, filters, onClose }: { open: boolean; filters: Props['filters']; onClose: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ProgressReportKind>('progress');
  const [asOf, setAsOf] = useState(todayText());
  const [unitId, setUnitId] = useState<string | null>(filters.orgUnitId ?? null);
  const download = useMutation({
    mutationFn: () =>
      downloadFile(
        '/ledger-items/progress-report.docx',
        { kind, asOf, orgUnitId: unitId ?? undefined, reportId: filters.reportId },
        `${t(kind === 'progress' ? 'ledgerFiles.kindProgress' : 'ledgerFiles.kindImplementation')}.docx`,
      ),
    onSuccess: onClose,
  });
  return (
    <Modal
      open={open}
      title={t('ledgerFiles.reportTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex gap={8} justify="flex-end">
          <Button onClick={onClose}>{t('ledgerFiles.cancel')}</Button>
          <Button type="primary" icon={<FileWordOutlined />} disabled={!asOf} loading={download.isPending} onClick={() => download.mutate()} data-testid="ledger-report-submit">
            {t('ledgerFiles.submit')}
          </Button>
        </Flex>
      }
    >
      {download.error ? <ErrorAlert error={download.error} /> : null}
      <Form layout="vertical">
        <Form.Item label={t('ledgerFiles.kind')}>
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as ProgressReportKind)} data-testid="ledger-report-kind">
            <Radio value="progress">{t('ledgerFiles.kindProgress')}</Radio>
            <Radio value="implementation">{t('ledgerFiles.kindImplementation')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('ledgerFiles.asOf')} extra={t('ledgerFiles.asOfHint')} required>
          <Input type="date" value={asOf} max={todayText()} onChange={(e) => setAsOf(e.target.value)} style={{ maxWidth: 200 }} data-testid="ledger-report-date" />
        </Form.Item>
        <Form.Item label={t('ledgerFiles.reportUnit')} extra={t('ledgerFiles.reportUnitHint')}>
          <OrgUnitTreeSelect value={unitId} onChange={setUnitId} style={{ width: '100%' }} data-testid="ledger-report-unit" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 导出 Excel · 导入 · 生成报告 for the ledger list: self-contained, fed the list's filters. */
export function LedgerFilesActions({ filters, onImported }: Props) {
  const { t } = useTranslation();
  const showError = useShowError();
  const canImport = useCan('people.write');
  const canReport = useCan('people.read');
  const [importing, setImporting] = useState(false);
  const [reporting, setReporting] = useState(false);
  const exporting = useMutation({
    mutationFn: () => downloadFile('/ledger-items/export.xlsx', filters, '整改台账.xlsx'),
    onError: showError,
  });
  return (
    <Space wrap>
      <Button icon={<FileExcelOutlined />} loading={exporting.isPending} onClick={() => exporting.mutate()} data-testid="ledger-export">
        {t('ledgerFiles.export')}
      </Button>
      {canImport ? (
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="ledger-import">
          {t('ledgerFiles.import')}
        </Button>
      ) : null}
      {canReport ? (
        <Button icon={<FileWordOutlined />} onClick={() => setReporting(true)} data-testid="ledger-report">
          {t('ledgerFiles.report')}
        </Button>
      ) : null}
      {importing ? <ImportModal open defaultUnitId={filters.orgUnitId ?? null} onClose={() => setImporting(false)} onImported={onImported} /> : null}
      {reporting ? <ReportModal open filters={filters} onClose={() => setReporting(false)} /> : null}
    </Space>
  );
}
