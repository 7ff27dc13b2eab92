import type { ButtonProps } from 'antd';

/** Button props carrying a data-testid, for buttons antd renders for us (modal OK buttons). */
export function buttonTestId(id: string): ButtonProps {
  return { 'data-testid': id } as unknown as ButtonProps;
}
