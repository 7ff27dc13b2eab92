import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { buttonTestId } from './test-id';

type Props = {
  open: boolean;
  title: string;
  notice: string;
  secret: string | null;
  onClose: () => void;
  'data-testid'?: string;
};

/** Shows a password or token once, with a copy button; it is not kept anywhere after closing. */
export function SecretModal({ open, title, notice, secret, onClose, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common.close')}
      okButtonProps={buttonTestId('secret-close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />
      {secret ? (
        <Typography.Paragraph
          className="secret-value"
          copyable={{
            text: secret,
            tooltips: [t('common.copy'), t('common.copied')],
            icon: [
              <span key="copy" data-testid="secret-copy">
                <CopyOutlined /> {t('common.copy')}
              </span>,
              <span key="copied">
                <CheckOutlined /> {t('common.copied')}
              </span>,
            ],
          }}
          data-testid={rest['data-testid'] ?? 'secret-value'}
        >
          {secret}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
