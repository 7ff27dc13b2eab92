import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Modal, Result, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, apiUrl } from '../api/client';
import { errorText } from '../api/errors';
import type { ImportMode, ImportReport } from '../api/types';

type Props = {
  open: boolean;
  title: string;
  /** POST endpoint taking multipart field "file" and ?mode=. */
  endpoint: string;
  templatePath: string;
  onClose: () => void;
  /** Called after rows were written, so the page can refresh. */
  onImported: (report: ImportReport) => void;
};

function postImport(endpoint: string, file: File, mode: ImportMode): Promise<ImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiFetch<ImportReport>(endpoint, { method: 'POST', query: { mode }, body: form });
}

/** Upload → dry-run report → import nothing, or import the valid rows only. */
export function ImportDialog({ open, title, endpoint, templatePath, onClose, onImported }: Props) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);

  const check = useMutation({
    mutationFn: (f: File) => postImport(endpoint, f, 'dry_run'),
    onSuccess: setReport,
  });
  const commit = useMutation({
    mutationFn: (f: File) => postImport(endpoint, f, 'valid_rows'),
    onSuccess: (r) => {
      setDone(r);
      onImported(r);
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
    <Button type="primary" onClick={close} data-testid="import-close">
      {t('common.close')}
    </Button>
  ) : report ? (
    <Flex wrap gap={8} justify="flex-end">
      <Button onClick={close} data-testid="import-discard">
        {t('import.discardAll')}
      </Button>
      <Button
        type="primary"
        disabled={report.validRows === 0 || !file}
        loading={commit.isPending}
        onClick={() => file && commit.mutate(file)}
        data-testid="import-valid-rows"
      >
        {t('import.importValid')}
      </Button>
    </Flex>
  ) : (
    <Button onClick={close}>{t('common.cancel')}</Button>
  );

  return (
    <Modal open={open} title={title} onCancel={close} footer={footer} width={720} destroyOnHidden>
      <div data-testid="import-dialog">
      {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} data-testid="import-error" /> : null}
      {done ? (
        <Result status="success" title={t('import.imported', { count: done.imported })} data-testid="import-result" />
      ) : report ? (
        <div data-testid="import-report">
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('import.fileName', { name: file?.name ?? '' })}</Typography.Text>
            <Button size="small" onClick={reset} data-testid="import-choose-another">
              {t('import.chooseAnother')}
            </Button>
          </Flex>
          <Space size={32} wrap style={{ marginBottom: 12 }}>
            <Statistic title={t('import.totalRows')} value={report.totalRows} />
            <Statistic title={t('import.validRows')} value={report.validRows} styles={{ content: { color: '#389e0d' } }} data-testid="import-valid-count" />
            <Statistic title={t('import.invalidRows')} value={report.invalidRows} styles={{ content: { color: report.invalidRows ? '#cf1322' : undefined } }} data-testid="import-invalid-count" />
          </Space>
          {report.problems.length === 0 ? (
            <Alert type="success" showIcon title={t('import.noProblems')} />
          ) : (
            <Table
              size="small"
              rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
              dataSource={report.problems}
              pagination={report.problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 70 },
                { title: t('import.column'), dataIndex: 'column', width: 140 },
                { title: t('import.problem'), dataIndex: 'message' },
              ]}
              data-testid="import-problems"
            />
          )}
        </div>
      ) : (
        <>
          <div data-testid="import-upload">
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={check.isPending}
            beforeUpload={(f) => {
              setFile(f);
              check.mutate(f);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{check.isPending ? t('import.checking') : t('import.upload')}</p>
            <p className="ant-upload-hint">{t('import.uploadHint')}</p>
          </Upload.Dragger>
          </div>
          <div style={{ marginTop: 12 }}>
            <Button type="link" icon={<DownloadOutlined />} href={apiUrl(templatePath)} data-testid="import-template">
              {t('import.template')}
            </Button>
          </div>
        </>
      )}
      </div>
    </Modal>
  );
}
