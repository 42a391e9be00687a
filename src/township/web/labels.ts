// Plain-word labels (zh-CN + en) for request types, statuses and payload values, so an
// official reads "伤病护理补贴 injury care" instead of "injury-care".
import { RequestType, type RequestPayload } from '../../protocol/relay.js';
import type { RequestStatus } from '../../protocol/feed.js';
import { REQUEST_TYPE_LABELS } from '../../protocol/request-types.js';
import { plainText } from './html.js';

type L = readonly [zh: string, en: string];

/** Request types in the words the villager chose on the kiosk: the one catalogue, src/protocol/request-types.ts. */
export const TYPE_LABELS: Record<RequestType, L> = Object.fromEntries(RequestType.options.map((t) => [t, [REQUEST_TYPE_LABELS[t]['zh-CN'], REQUEST_TYPE_LABELS[t].en] as const])) as Record<RequestType, L>;

export const STATUS_LABELS: Record<RequestStatus, L> = {
  queued: ['排队中', 'queued'],
  sent: ['已发送', 'sent'],
  received: ['已收到', 'received'],
  'in-review': ['审核中', 'in review'],
  'visit-scheduled': ['已安排上门', 'visit scheduled'],
  done: ['已办结', 'done'],
  rejected: ['未通过', 'rejected'],
  'needs-attention': ['需要处理', 'needs attention'],
};

const VALUE_LABELS: Record<string, L> = {
  // senior-subsidy
  'injury-care': ['伤病护理补贴', 'injury care'],
  'elderly-allowance': ['高龄津贴', 'elderly allowance'],
  disability: ['残疾补贴', 'disability'],
  self: ['本人', 'self'],
  family: ['家人', 'family'],
  // home-visit
  'subsidy-application': ['申请补贴', 'subsidy application'],
  'medical-insurance': ['医保', 'medical insurance'],
  certificate: ['开证明', 'certificate'],
  'this-week': ['本周', 'this week'],
  'next-week': ['下周', 'next week'],
  any: ['都可以', 'any'],
  morning: ['上午', 'morning'],
  afternoon: ['下午', 'afternoon'],
  // legal-aid
  'unpaid-wages': ['拖欠工资', 'unpaid wages'],
  'land-dispute': ['土地纠纷', 'land dispute'],
  'injury-compensation': ['工伤赔偿', 'injury compensation'],
  // agronomist-visit
  wheat: ['小麦', 'wheat'],
  corn: ['玉米', 'corn'],
  millet: ['谷子', 'millet'],
  vegetables: ['蔬菜', 'vegetables'],
  'fruit-trees': ['果树', 'fruit trees'],
  livestock: ['牲畜', 'livestock'],
  pests: ['虫害', 'pests'],
  disease: ['病害', 'disease'],
  'soil-fertiliser': ['土壤施肥', 'soil / fertiliser'],
  'weather-damage': ['天气灾害', 'weather damage'],
  // general-help
  insurance: ['保险', 'insurance'],
  pension: ['养老金', 'pension'],
  housing: ['住房', 'housing'],
  other: ['其他', 'other'],
};

const FIELD_LABELS: Record<string, L> = {
  subsidy: ['补贴类别', 'Subsidy'],
  forWhom: ['为谁申请', 'For whom'],
  homeVisitNeeded: ['需要上门', 'Home visit needed'],
  reason: ['事由', 'Reason'],
  preferredDays: ['希望日期', 'Preferred days'],
  timeWindow: ['时间段', 'Time of day'],
  matter: ['事项', 'Matter'],
  amountYuan: ['金额(元)', 'Amount (yuan)'],
  crop: ['作物', 'Crop'],
  problem: ['问题', 'Problem'],
  village: ['村', 'Village'],
  jobId: ['岗位编号', 'Job id'],
  jobTitle: ['岗位', 'Job'],
  topic: ['事项', 'Topic'],
};

export function valueLabel(value: unknown): L {
  if (value === true) return ['是', 'yes'];
  if (value === false) return ['否', 'no'];
  if (value === null || value === undefined) return ['未填', 'not given'];
  const s = plainText(value);
  return VALUE_LABELS[s] ?? [s, ''];
}

/** The payload as [field label, value label] pairs, in plain words. */
export function payloadWords(p: RequestPayload): Array<{ field: L; value: L }> {
  return Object.entries(p)
    .filter(([k]) => k !== 'type')
    .map(([k, v]) => ({ field: FIELD_LABELS[k] ?? [k, ''], value: valueLabel(v) }));
}
