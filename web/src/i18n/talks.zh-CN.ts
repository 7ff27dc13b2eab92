// The "talks" part of the zh-CN dictionary (kept in its own file; spread into zh-CN.ts).
export const talksZhCN = {
  title: 'talks',
};
