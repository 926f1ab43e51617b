/**
 * The wire shapes of Clientele's test clock (`/_clientele/clock`, issue 17): not Mollie's API, Clientele's own test
 * helper, in the API's format. Routes validate and serialize with them; the served OpenAPI document and the typed
 * client derive from them. Imports nothing but TypeBox, schemas and domain/iso8601.ts, so the client can load it.
 */
import Type, { type Static } from 'typebox'
import { DATE_TIME_RULE, DURATION_RULE, isDateTime, isDuration } from '../domain/iso8601.js'
import { closed, TestmodeBodySchema, TestmodeQuerySchema } from './schemas.js'

const TimestampSchema = Type.String({
  description: 'The test clock’s time, ISO 8601 in UTC with seconds (`YYYY-MM-DDTHH:MM:SS+00:00`), as `createdAt` is written.',
  examples: ['2027-03-01T00:00:00+00:00'],
})

export const ClockQuerySchema = Type.Object({ testmode: Type.Optional(TestmodeQuerySchema) }, closed)

export const ClockResponseSchema = Type.Object(
  { now: TimestampSchema },
  { description: 'The organization’s test-mode clock: real time until advanced, then ticking on from the advanced time.' },
)
export type ClockResponse = Static<typeof ClockResponseSchema>

export const ClockAdvanceBodySchema = Type.Object(
  {
    to: Type.Optional(
      Type.Refine(
        Type.String({
          maxLength: 64,
          description: 'Move the clock to this time: an ISO 8601 date-time with a time zone, later than the clock’s time.',
          examples: ['2027-03-01T00:00:00+00:00'],
        }),
        isDateTime,
        () => DATE_TIME_RULE,
      ),
    ),
    by: Type.Optional(
      Type.Refine(
        Type.String({
          maxLength: 64,
          description:
            'Move the clock forward by this ISO 8601 duration (`PnYnMnWnDTnHnMnS`, whole numbers, longer than zero). ' +
            'Years and months count by the calendar, on the month’s last day when the day does not exist (31 January + ' +
            '`P1M` is 28 or 29 February).',
          examples: ['P3M', 'P1Y', 'P2W', 'PT12H'],
        }),
        isDuration,
        () => DURATION_RULE,
      ),
    ),
    testmode: Type.Optional(TestmodeBodySchema),
  },
  { ...closed, description: 'Exactly one of `to` and `by`.' },
)
export type ClockAdvanceBody = Static<typeof ClockAdvanceBodySchema>

export const ClockAdvanceResponseSchema = Type.Object(
  {
    now: TimestampSchema,
    paymentsCreated: Type.Integer({ minimum: 0, description: 'Payments the scheduler created for charges due up to the new time.' }),
    webhooksQueued: Type.Integer({ minimum: 0, description: 'Webhook deliveries those charges queued.' }),
  },
  { description: 'The clock after the advance, once every charge due up to its new time has been made.' },
)
export type ClockAdvanceResponse = Static<typeof ClockAdvanceResponseSchema>
