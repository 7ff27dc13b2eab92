import { DownloadOutlined, EyeOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Empty, List, Space, Tag, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerEvidence, LedgerItemDetail } from './ledger-api';
import { evidenceUrl, uploadEvidence } from './ledger-api';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const previewable = (e: LedgerEvidence) => e.mime === 'application/pdf' || e.mime.startsWith('image/');

/** The item's evidence: drag-and-drop upload, versions, short SHA-256, inline preview of images and PDF, download. */
export function EvidencePanel({
  item,
  canUpload,
  onUploaded,
  onError,
}: {
  item: LedgerItemDetail;
  canUpload: boolean;
  onUploaded: (item: LedgerItemDetail) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const shown = item.evidence.find((e) => e.id === preview) ?? null;
  // Newest version of each file first.
  const sorted = [...item.evidence].sort((a, b) => a.fileName.localeCompare(b.fileName) || b.fileVersion - a.fileVersion);

  return (
    <div data-testid="ledger-evidence">
      {canUpload ? (
        <Upload.Dragger
          accept={ACCEPT}
          multiple={false}
          showUploadList={false}
          disabled={uploading}
          customRequest={({ file, onSuccess, onError: fail }) => {
            setUploading(true);
            uploadEvidence(item.id, file as File)
              .then((next) => {
                onUploaded(next);
                onSuccess?.(next);
              })
              .catch((e: unknown) => {
                onError(e);
                fail?.(e as Error);
              })
              .finally(() => setUploading(false));
          }}
          data-testid="ledger-evidence-upload"
          style={{ marginBottom: 12 }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{uploading ? t('ledgerViews.evidence.uploading') : t('ledgerViews.evidence.drop')}</p>
          <p className="ant-upload-hint">{t('ledgerViews.evidence.hint')}</p>
        </Upload.Dragger>
      ) : null}
      <List
        size="small"
        dataSource={sorted}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgerViews.evidence.empty')} /> }}
        renderItem={(e) => (
          <List.Item
            data-testid="ledger-evidence-row"
            data-evidence-id={e.id}
            actions={[
              previewable(e) ? (
                <Button key="p" size="small" icon={<EyeOutlined />} onClick={() => setPreview(preview === e.id ? null : e.id)} data-testid="ledger-evidence-preview">
                  {t('ledgerViews.evidence.preview')}
                </Button>
              ) : null,
              <Button key="d" size="small" icon={<DownloadOutlined />} href={evidenceUrl(item.id, e.id)} download={e.fileName} data-testid="ledger-evidence-download">
                {t('ledgerViews.evidence.download')}
              </Button>,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{e.fileName}</span>
                  <Tag>{t('ledgerViews.evidence.version', { version: e.fileVersion })}</Tag>
                </Space>
              }
              description={
                <Space wrap size={8}>
                  <span>{formatSize(e.size)}</span>
                  <Tooltip title={e.sha256}>
                    <Typography.Text code copyable={{ text: e.sha256 }} data-testid="ledger-evidence-sha">
                      {`SHA-256 ${e.sha256.slice(0, 12)}…`}
                    </Typography.Text>
                  </Tooltip>
                  <span>{e.uploadedByName ?? ''}</span>
                  <span>{e.createdAt.slice(0, 16).replace('T', ' ')}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {shown ? (
        <div className="ledger-preview" data-testid="ledger-evidence-preview-pane">
          {shown.mime.startsWith('image/') ? (
            <img src={evidenceUrl(item.id, shown.id)} alt={shown.fileName} />
          ) : (
            <iframe src={evidenceUrl(item.id, shown.id)} title={shown.fileName} />
          )}
        </div>
      ) : null}
    </div>
  );
}
