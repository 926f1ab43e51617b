/**
 * ISO 8601 durations and date-times, as the test clock takes them (clock.ts): pure functions that import nothing,
 * so that the typed client can load the schemas built on them (http/clock-schemas.ts).
 *
 * A duration is `PnYnMnWnDTnHnMnS` in whole numbers; adding one counts years and months by the calendar, clamped to
 * the month's last day (2027-01-31 + P1M = 2027-02-28), then weeks, days, hours, minutes and seconds as fixed lengths
 * in UTC.
 */
/** An ISO 8601 duration of whole numbers, at least one part, `T` only before a time part. */
const DURATION = /^P(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,6})W)?(?:(\d{1,7})D)?(?:T(?:(\d{1,8})H)?(?:(\d{1,9})M)?(?:(\d{1,11})S)?)?$/

/** An ISO 8601 date-time with a time zone: `2027-03-01T00:00:00+00:00`, `…Z`, seconds and fractions optional. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/

/** The clock never goes past this (the last second formatTimestamp writes with a four-digit year). */
export const CLOCK_LATEST_MS = Date.parse('9999-12-31T23:59:59Z')

export const DURATION_RULE = 'must be an ISO 8601 duration of whole numbers, such as P3M, P1Y, P2W or P1DT12H'
export const DATE_TIME_RULE = 'must be an ISO 8601 date-time with a time zone, such as 2027-03-01T00:00:00+00:00'

export interface Duration {
  years: number
  months: number
  weeks: number
  days: number
  hours: number
  minutes: number
  seconds: number
}

/** The duration `text` states, or undefined when it is not one (`P`, `PT`, `P1.5D`, `-P1D` are not). */
export function parseDuration(text: string): Duration | undefined {
  const match = DURATION.exec(text)
  if (!match || text === 'P' || text.endsWith('T')) return undefined
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as number[]
  return { years: years!, months: months!, weeks: weeks!, days: days!, hours: hours!, minutes: minutes!, seconds: seconds! }
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined
}

/** The instant `text` names (ms since the epoch), or undefined when it is no valid date-time with a zone. */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text)
  if (!match) return undefined
  const [, year, month, day, hour, minute, second, zoneHours, zoneMinutes] = match
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  if (calendar.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) return undefined
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return undefined
  if (zoneHours !== undefined && (Number(zoneHours) > 23 || Number(zoneMinutes) > 59)) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

export function isDateTime(text: string): boolean {
  return parseDateTime(text) !== undefined
}

/** `from` + `duration`, months and years by the calendar (end of month clamped), the rest in fixed units (UTC). */
export function addDuration(from: Date, duration: Duration): Date {
  const totalMonths = from.getUTCMonth() + duration.years * 12 + duration.months
  const year = from.getUTCFullYear() + Math.floor(totalMonths / 12)
  const month = totalMonths % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const shifted = new Date(from.getTime())
  shifted.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay))
  const days = duration.weeks * 7 + duration.days
  const seconds = ((days * 24 + duration.hours) * 60 + duration.minutes) * 60 + duration.seconds
  return new Date(shifted.getTime() + seconds * 1000)
}
