// THE RPC contract: every call the UI can make and every event the runtime pushes.
// The runtime implements exactly this table (src/runtime.ts checks that at compile time)
// and the renderer calls it only through the typed client (src/contract/client.ts).
// Schemas live in the per-domain files beside this one; names live only here.
import { z } from 'zod';
import { call } from './define.js';
import * as core from './core.js';
import * as requests from './requests.js';
import * as devices from './devices.js';
import * as printer from './printer.js';
import * as content from './content.js';
import * as settings from './settings.js';
import * as speech from './speech.js';

export const calls = {
  // ---- runtime -------------------------------------------------------------------------
  'app.info': call(core.Empty, core.AppInfo, 'Kiosk identity, hall name and UI settings.'),
  'app.status': call(core.Empty, core.StatusSnapshot, 'Current device and link status (also pushed as events).'),
  'app.clientLog': call(core.ClientLogInput, z.object({ ok: z.literal(true) }), 'Writes a renderer-side problem to the runtime log.'),
  'staff.call': call(core.StaffCallInput, core.StaffCallOutput, 'Alerts the hall attendant that someone at the kiosk needs help.'),
  'staff.callStatus': call(core.StaffCallStatusInput, core.StaffCallStatusOutput, 'Whether the attendant has acknowledged a staff call (the villager then sees that help is coming).'),
  // ---- scanner, attendants, dev panel (hardware feature) ------------------------------------
  'scan.submitWedge': call(devices.SubmitWedgeInput, devices.ScanAccepted, 'A keyboard-wedge scan caught by the UI; routed exactly like a scanner scan.'),
  'dev.scanner.inject': call(devices.DevInjectScanInput, devices.DevResult, 'Dev panel: inject a scan (refused unless ui.devPanel).'),
  'dev.scanner.setConnected': call(devices.DevSetConnectedInput, devices.DevResult, 'Dev panel: unplug or replug the simulated scanner (refused unless ui.devPanel).'),
  'dev.scanner.state': call(core.Empty, devices.DevScannerState, 'Dev panel: which scanner source runs and whether it can be driven.'),
  'attendant.badge': call(devices.AttendantBadgeInput, devices.AttendantBadgeOutput, 'A badge was scanned: ask for the PIN, or say it is locked.'),
  'attendant.verifyPin': call(devices.AttendantVerifyInput, devices.AttendantVerifyOutput, 'Checks an attendant PIN (5 wrong tries lock the badge for 5 minutes).'),
  'attendant.overview': call(devices.AttendantTokenInput, devices.AttendantOverview, 'The attendant screen: staff calls (needs a session token).'),
  'attendant.ackStaffCall': call(devices.AttendantAckInput, devices.AttendantAckOutput, 'Marks a staff call as handled.'),
  'attendant.lock': call(devices.AttendantTokenInput, devices.AttendantLockOutput, 'Ends the attendant session.'),
  // ---- kiosk settings screen (src/settings/module.ts) -------------------------------------
  'settings.get': call(settings.SettingsTokenInput, settings.SettingsGetOutput, 'Attendant: the kiosk settings (hall name, township, enrolment, text size, idle timeout, volume).', 'attendant'),
  'settings.set': call(settings.SettingsSetInput, settings.SettingsSetOutput, 'Attendant: changes one setting, validated by the config schema and kept across restarts.', 'attendant'),
  'settings.armEnrolment': call(settings.SettingsTokenInput, settings.ArmEnrolmentOutput, 'Attendant: the next enrolment QR scanned within 2 minutes enrols the kiosk.', 'attendant'),
  // ---- receipt printer (src/devices/printer/module.ts) -----------------------------------
  'printer.status': call(core.Empty, printer.PrinterStatusOutput, 'Reads the printer now: configured sink, paper width, status, reprint-pending count.'),
  'printer.printReceipt': call(printer.PrintReceiptInput, printer.PrintOutcome, 'Prints the receipt of a saved request; a failure keeps a reprint-pending job.'),
  'printer.printSlip': call(printer.PrintSlipInput, printer.PrintOutcome, 'Prints a slip for a policy or a job posting.'),
  'printer.preview': call(printer.PreviewInput, printer.PreviewOutput, 'An SVG of exactly what a receipt, slip or stored job prints.'),
  'printer.pendingJobs': call(core.Empty, printer.PendingJobsOutput, 'Receipts that did not print and wait for an attendant ("reprint pending").', 'attendant'),
  'printer.reprint': call(printer.ReprintInput, printer.PrintOutcome, 'Prints a stored job again.', 'attendant'),
  'printer.testPrint': call(printer.TestPrintInput, printer.TestPrintOutput, 'Attendant: prints a test page with the printer status and paper width (not stored as a job).', 'attendant'),
  'dev.printer.state': call(core.Empty, printer.DevPrinterOutput, 'Dev panel: the state-file printer state (refused unless ui.devPanel).'),
  'dev.printer.setState': call(printer.DevSetPrinterInput, printer.DevPrinterOutput, 'Dev panel: set paper out, cover open, unplugged on the state-file printer (refused unless ui.devPanel).'),
  // ---- service requests (src/requests/module.ts) ------------------------------------------
  'requests.submit': call(requests.SubmitRequestInput, requests.SubmitRequestOutput, 'Saves a request durably (request + outbox row, one transaction) and queues it for the township.'),
  'requests.submitAssisted': call(requests.SubmitAssistedInput, requests.SubmitRequestOutput, 'Assisted filing: an attendant saves a request on a walk-in\'s behalf, marked with the badge id all the way to the township.', 'attendant'),
  'requests.lookupSubmission': call(requests.SubmissionLookupInput, requests.SubmissionLookupOutput, 'After a submit whose answer was lost: was that submission (by its submissionId) saved? Retry until it answers.'),
  'requests.get': call(requests.RequestIdInput, requests.GetRequestOutput, 'One saved request as the saved screen shows it (masked phone, cancellable or not).'),
  'requests.cancel': call(requests.RequestIdInput, requests.CancelRequestOutput, 'Cancels an unsent request within the cancel window; refused once sending started.'),
  'requests.status': call(requests.StatusLookupInput, requests.StatusLookupOutput, '"Check my request": the status timeline for a receipt code.'),
  'requests.attentionList': call(core.Empty, requests.AttentionListOutput, 'For attendants: queue counts, pause reason, and requests that need attention.', 'attendant'),
  'requests.forHousehold': call(requests.HouseholdRequestsInput, requests.HouseholdRequestsOutput, 'The household page: requests filed with this household card on this kiosk, with their current status.'),
  'requests.options': call(core.Empty, requests.RequestOptionsOutput, 'Choices the request forms offer (villages) and the cancel window.'),
  'requests.retryNow': call(core.Empty, requests.RetryNowOutput, 'For attendants: resume a paused queue and retry everything queued now.', 'attendant'),
  // ---- policies, jobs and the township content sync (src/content/, src/sync/) ---------------
  'content.searchPolicies': call(content.PolicySearchInput, content.PolicyPage, 'One page of policy summaries: search text (any length/characters) and category.'),
  'content.categories': call(core.Empty, content.CategoriesOutput, 'Policy categories with how many policies each has.'),
  'content.policiesFor': call(content.PoliciesForInput, content.PoliciesForOutput, 'Policies that may apply to a household (by the eligibility tags on its card), and their officials.'),
  'content.policy': call(content.IdInput, content.PolicyDetailOutput, 'One policy in full, with the "continue on your phone" QR when a public URL is set.'),
  'content.searchJobs': call(content.JobSearchInput, content.JobPage, 'One page of unexpired job postings: search, filters (county, pay, type, meals/housing), sort.'),
  'content.jobFacets': call(core.Empty, content.JobFacetsOutput, 'Counties that have unexpired postings, with counts (for the place filter).'),
  'content.suggest': call(content.SuggestInput, content.SuggestOutput, 'Candidate words from the content\'s own titles for what the search text\'s last term spells in pinyin (bt -> 补贴) or English.'),
  'content.job': call(content.IdInput, content.JobDetailOutput, 'One job posting in full; expired or missing postings are not shown.'),
  'content.syncStatus': call(core.Empty, content.SyncStatusOutput, 'Township content sync: "as of" time, rejected pages and the last rejection reason.'),
  'content.syncNow': call(core.Empty, content.SyncNowOutput, 'Pulls the township change feed now (normally every township.syncIntervalSeconds).'),
  // ---- read aloud (src/speech/speech-module.ts) -------------------------------------------------
  'speech.capability': call(core.Empty, speech.SpeechCapability, 'Whether the runtime can read aloud (engine, languages) and the volume steps with the hall default.'),
  'speech.speak': call(speech.SpeakInput, speech.SpeakOutput, 'One sentence of screen text as WAV audio (cached); numbers read as a person would, Chinese through pinyin.'),
  'speech.spokenText': call(speech.SpeakInput, speech.SpokenTextOutput, 'The same text with numbers and codes spelled out, for a browser voice (Windows speechSynthesis).'),
  'speech.warm': call(speech.WarmInput, speech.WarmOutput, 'Synthesises fixed prompts into the cache in the background, so their first sound comes fast.'),
} as const;

export const events = {
  scan: core.ScanEvent,
  deviceStatus: core.DeviceStatusEvent,
  linkStatus: core.LinkStatusEvent,
  scanRouted: devices.ScanRoutedEvent,
  storageStatus: core.StorageStatusEvent,
  settingsChanged: settings.SettingsChangedEvent,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
/** What a handler receives: the input after schema parsing (defaults applied). */
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;

/** The runtime's implementation of the contract: one function per call. */
export type Handlers = { [K in CallName]: (input: CallParsedInput<K>) => CallOutput<K> | Promise<CallOutput<K>> };
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export { paths, MAX_BODY_BYTES } from './define.js';
export type { RpcErrorBody } from './define.js';
