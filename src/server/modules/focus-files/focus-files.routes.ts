import { ZIdParams, pageOf } from '../../../contracts/common';
import {
  ZFamilyContactCreate,
  ZFocusContactParams,
  ZFocusEntryCreate,
  ZFocusFileClose,
  ZFocusFileCreate,
  ZFocusFileDetail,
  ZFocusFileQuery,
  ZFocusFileSummary,
  ZFocusFileUpdate,
  ZFocusLinkCreate,
} from '../../../contracts/focus-files';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import * as svc from './focus-files.service';

export function registerFocusFileRoutes(api: Api, ctx: AppContext) {
  const tags = ['focus-files'];
  const deps = { db: ctx.db, keyring: ctx.config.secretsKeyring };
  const detail = { 200: ZFocusFileDetail, ...errorResponses };
  api.get(
    '/focus-files',
    { schema: { tags, summary: '重点人员专档列表（仅帮教责任人、上级书记、纪检可见；查阅留痕）', querystring: ZFocusFileQuery, response: { 200: pageOf(ZFocusFileSummary), ...errorResponses } } },
    async (req) => svc.listFocusFiles(ctx.db, actorOf(req), req.query),
  );
  api.post(
    '/focus-files',
    { schema: { tags, summary: '建立重点人员专档（列管原因、帮教措施加密保存）', body: ZFocusFileCreate, response: detail } },
    async (req) => svc.createFocusFile(deps, actorOf(req), req.body),
  );
  api.get(
    '/focus-files/:id',
    { schema: { tags, summary: '专档详情（解密；每次查阅留痕）', params: ZIdParams, response: detail } },
    async (req) => svc.getFocusFile(deps, actorOf(req), req.params.id),
  );
  api.patch(
    '/focus-files/:id',
    { schema: { tags, summary: '修改专档（带 version）', params: ZIdParams, body: ZFocusFileUpdate, response: detail } },
    async (req) => svc.updateFocusFile(deps, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/focus-files/:id/entries',
    { schema: { tags, summary: '记录评估、家访、电话、家庭共建座谈或记事（评估顺延下次评估日期）', params: ZIdParams, body: ZFocusEntryCreate, response: detail } },
    async (req) => svc.addEntry(deps, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/focus-files/:id/contacts',
    { schema: { tags, summary: '添加家属联系人（电话加密保存）', params: ZIdParams, body: ZFamilyContactCreate, response: detail } },
    async (req) => svc.addContact(deps, actorOf(req), req.params.id, req.body),
  );
  api.delete(
    '/focus-files/:id/contacts/:contactId',
    { schema: { tags, summary: '删除家属联系人', params: ZFocusContactParams, response: detail } },
    async (req) => svc.removeContact(deps, actorOf(req), req.params.id, req.params.contactId),
  );
  api.post(
    '/focus-files/:id/close',
    { schema: { tags, summary: '结档（填写结档原因）', params: ZIdParams, body: ZFocusFileClose, response: detail } },
    async (req) => svc.closeFocusFile(deps, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/focus-files/:id/links',
    { schema: { tags, summary: '关联谈心谈话记录', params: ZIdParams, body: ZFocusLinkCreate, response: detail } },
    async (req) => svc.linkTalk(deps, actorOf(req), req.params.id, req.body.talkId),
  );
}
