// Plain-words texts about each request type that the runtime itself needs (the printed
// receipt). The screens use the renderer catalogues (locales/*/requests.json) instead; the
// request-type labels themselves are in the one catalogue, src/protocol/request-types.ts.
import type { LocalizedText } from '../contract/core.js';
import type { RequestType } from '../protocol/relay.js';

export const WHAT_HAPPENS_NEXT: Record<RequestType, LocalizedText> = {
  'senior-subsidy': {
    'zh-CN': '乡镇工作人员会在3个工作日内打电话给您，核对情况；行动不便的，工作人员会上门办理。',
    en: 'A township official will phone you within 3 working days to check the details. If you cannot travel, the official will come to your home.',
  },
  'home-visit': {
    'zh-CN': '乡镇工作人员会打电话和您约定上门时间，按您选的时段上门。',
    en: 'A township official will phone you to agree a visit time within the days and hours you chose.',
  },
  'legal-aid': {
    'zh-CN': '法律援助律师会在5个工作日内打电话给您。服务是免费的。',
    en: 'A legal aid lawyer will phone you within 5 working days. The service is free.',
  },
  'agronomist-visit': {
    'zh-CN': '县农技员会打电话了解情况，并约时间到田间地头指导。',
    en: 'A county agronomist will phone you to ask about the problem and arrange a visit to your field.',
  },
  'job-interest': {
    'zh-CN': '您的电话会转给用工单位，由他们直接联系您。用工单位不会向您收费。',
    en: 'Your phone number is passed to the employer, who will contact you directly. Employers may not charge you any fee.',
  },
  'general-help': {
    'zh-CN': '乡镇工作人员会在3个工作日内打电话给您。',
    en: 'A township official will phone you within 3 working days.',
  },
};

const ID_CARD = { 'zh-CN': '身份证', en: 'ID card' };
const HOUSEHOLD_BOOK = { 'zh-CN': '户口本', en: 'Household register (hukou book)' };
const THIS_RECEIPT = { 'zh-CN': '本回执', en: 'This receipt' };

/** Default materials to bring when no related policy lists its own. */
export const DEFAULT_MATERIALS: Record<RequestType, LocalizedText[]> = {
  'senior-subsidy': [ID_CARD, HOUSEHOLD_BOOK, { 'zh-CN': '医院病历或发票（如有）', en: 'Hospital records or receipts (if any)' }, THIS_RECEIPT],
  'home-visit': [ID_CARD, HOUSEHOLD_BOOK, THIS_RECEIPT],
  'legal-aid': [ID_CARD, { 'zh-CN': '劳动合同、工资条或聊天记录（如有）', en: 'Work contract, pay slips or messages (if any)' }, THIS_RECEIPT],
  'agronomist-visit': [{ 'zh-CN': '病虫害照片或样株（如有）', en: 'Photos or a sample of the damaged plants (if any)' }, THIS_RECEIPT],
  'job-interest': [ID_CARD, THIS_RECEIPT],
  'general-help': [ID_CARD, THIS_RECEIPT],
};
