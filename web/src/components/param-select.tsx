import { Select, type SelectProps } from 'antd';
import { useUrlParams } from './use-url-params';

type Props = Omit<SelectProps<string | undefined>, 'value' | 'onChange' | 'allowClear' | 'mode'> & {
  /** The query-string parameter the select reads and writes. */
  name: string;
  'data-testid'?: string;
};

/** A clearable list filter kept in one query-string parameter (see useUrlParams: a change goes back to page 1). */
export function ParamSelect({ name, ...props }: Props) {
  const { params, update } = useUrlParams();
  return <Select allowClear value={params.get(name) ?? undefined} onChange={(v: string | undefined) => update({ [name]: v })} {...props} />;
}
