/**
 * The test clock's rules (issue 17): what `to` and `by` mean, and when an advance is refused. No I/O: the store
 * reads and moves the clock (clock-store.ts), the route answers.
 *
 * A test-mode organization's clock is the real time plus an offset (ms, never negative), so it keeps ticking after
 * an advance; an advance only ever moves it forward. `by` is an ISO 8601 duration (`PnYnMnWnDTnHnMnS`, whole
 * numbers): years and months count by the calendar, clamped to the month's last day (2027-01-31 + P1M =
 * 2027-02-28), then weeks, days, hours, minutes and seconds count as fixed lengths in UTC.
 */
import { formatTimestamp } from './customer.js'
import { addDuration, CLOCK_LATEST_MS, DATE_TIME_RULE, DURATION_RULE, parseDateTime, parseDuration } from './iso8601.js'
import { FieldError } from './validation.js'

export { addDuration, parseDateTime, parseDuration } from './iso8601.js'

/** What an advance asks for: a point in time, or a duration from the clock's time. */
export type AdvanceRequest = { to: string } | { by: string }

/**
 * Where the clock goes from `current` (the clock's time now): the target, or a FieldError (422) when it is not
 * after `current` (the clock never goes back, and a zero advance is refused) or past year 9999.
 */
export function advanceTarget(current: Date, request: AdvanceRequest): Date {
  let target: number
  let field: 'to' | 'by'
  if ('to' in request) {
    field = 'to'
    const ms = parseDateTime(request.to)
    if (ms === undefined) throw new FieldError('to', `The 'to' field ${DATE_TIME_RULE}.`)
    target = ms
  } else {
    field = 'by'
    const duration = parseDuration(request.by)
    if (!duration) throw new FieldError('by', `The 'by' field ${DURATION_RULE}.`)
    target = addDuration(current, duration).getTime()
  }
  if (!(target <= CLOCK_LATEST_MS)) throw new FieldError(field, 'The test clock cannot go past 9999-12-31T23:59:59+00:00.')
  if (target <= current.getTime()) {
    throw new FieldError(
      field,
      field === 'to'
        ? `The test clock is at ${formatTimestamp(current)}: 'to' must be later (the clock only moves forward).`
        : `The duration '${(request as { by: string }).by}' does not move the test clock forward: send one longer than zero.`,
    )
  }
  return new Date(target)
}
