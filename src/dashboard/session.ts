/**
 * Dashboard sessions: a signed cookie that holds the credential id, the organization's id, the chosen mode, when
 * it was issued and an expiry, never the key. Every instance on the same database accepts it (they share the signing
 * secret), and the credential is looked up again on every request, so revoking a key ends its sessions at once.
 * Signing out records the moment for the credential in the database: every session of that credential issued
 * before it is over, on every instance, so a copied cookie stops working at sign-out, not at its expiry.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CookieSerializeOptions } from '@fastify/cookie'
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { fixedModeOf } from '../domain/keys.js'
import { costOf, type Budget } from '../http/rate-limit.js'
import { MODES, ModeSchema, type Mode } from '../domain/schemas.js'
import type { Credential, CredentialStore, OrganizationStore, SettingStore, Tenant } from '../store/store.js'
import './paths.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of the dashboard, or null; set for every request of the dashboard scope. */
    dashboardSession: DashboardSession | null
    /** Why the session the request's cookie held is over, when it held one that was valid until then. */
    dashboardSessionEnded: SessionEnd | null
  }
}

export interface DashboardSession {
  credential: Credential
  /** Looked up on every request (the cookie holds the id: a name may be longer than a cookie allows). */
  organizationName: string
  /** The mode the customer list shows: an API key's own mode; for an access token, the last one chosen. */
  mode: Mode
  /** The modes the credential may act in: its own for an API key, both for an access token. */
  modes: readonly Mode[]
  /** Milliseconds since the epoch; the session ends then, whatever happens in between. */
  expiresAt: number
  /** Milliseconds since the epoch: when the session was signed in (a sign-out ends every session issued before). */
  issuedAt: number
}

/** Why a session that was genuine ended: its time ran out, or its key was revoked (or deleted). */
export type SessionEnd = 'expired' | 'revoked'

export const SESSION_COOKIE = 'clientele_session'
/** A working day: long enough not to interrupt, short enough that a forgotten browser does not stay signed in. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000

/**
 * Scoped to the dashboard (its public path, `root`: `/clientele/dashboard` under PUBLIC_URL's path), unreadable
 * by scripts, never sent on cross-site requests, Secure over HTTPS.
 */
export function dashboardCookieOptions(root: string) {
  return {
    path: root,
    httpOnly: true,
    sameSite: 'strict',
    secure: 'auto',
    signed: true,
  } as const satisfies CookieSerializeOptions
}

const SessionCookieSchema = Type.Object({
  credentialId: Type.String({ maxLength: 100 }),
  organizationId: Type.String({ maxLength: 100 }),
  mode: ModeSchema,
  /** Milliseconds since the epoch. */
  issuedAt: Type.Integer(),
  expiresAt: Type.Integer(),
})
type SessionCookie = Static<typeof SessionCookieSchema>
const sessionCookieCheck = Compile(SessionCookieSchema)

function modesOf(credential: Credential): readonly Mode[] {
  const fixed = fixedModeOf(credential.kind)
  return fixed === undefined ? MODES : [fixed]
}

/** The session of a request in a signed-in scope (requireSignIn has turned away every request without one). */
export function sessionOf(request: FastifyRequest): DashboardSession {
  if (!request.dashboardSession) throw new Error('sessionOf() called outside the signed-in scope')
  return request.dashboardSession
}

export function tenantOf(session: DashboardSession, mode: Mode = session.mode): Tenant {
  return { organizationId: session.credential.organizationId, mode }
}

function decodeCookie(request: FastifyRequest): unknown {
  const raw = request.cookies[SESSION_COOKIE]
  if (!raw) return undefined
  const unsigned = request.unsignCookie(raw)
  if (!unsigned.valid || unsigned.value === null) return undefined
  try {
    return JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

type SessionRead = { session: DashboardSession; ended?: undefined } | { session: null; ended: SessionEnd | null }

/** The session of the request's cookie; a genuine (signed) cookie whose session is over says why. */
async function readSession(request: FastifyRequest, { credentials, settings, organizations }: SessionStores): Promise<SessionRead> {
  const stored = decodeCookie(request)
  if (!sessionCookieCheck.Check(stored)) return { session: null, ended: null }
  if (stored.expiresAt <= Date.now()) return { session: null, ended: 'expired' }
  const [credential, signedOutAt, organization] = await Promise.all([
    credentials.get(stored.credentialId),
    settings.get(signedOutSetting(stored.credentialId)),
    organizations.get(stored.organizationId),
  ])
  if (!credential || credential.revokedAt !== null) return { session: null, ended: 'revoked' }
  if (credential.organizationId !== stored.organizationId) return { session: null, ended: null }
  if (signedOutAt !== undefined && stored.issuedAt <= Number(signedOutAt)) return { session: null, ended: null }
  const modes = modesOf(credential)
  const session: DashboardSession = {
    credential,
    organizationName: organization?.name ?? stored.organizationId,
    // An API key's mode comes from the key, whatever the cookie says.
    mode: modes.includes(stored.mode) ? stored.mode : modes[0]!,
    modes,
    expiresAt: stored.expiresAt,
    issuedAt: stored.issuedAt,
  }
  return { session }
}

/** Where the moment of a credential's last sign-out is kept (milliseconds since the epoch). */
function signedOutSetting(credentialId: string): string {
  return `dashboard-signed-out:${credentialId}`
}

/** Ends every session of the credential issued until now, on every instance. */
export async function endSessions(settings: SettingStore, credentialId: string): Promise<void> {
  await settings.put(signedOutSetting(credentialId), String(Date.now()))
}

/**
 * Reads the session of every request in the scope it is called in, and charges a signed-in request to its
 * credential's `budget` (the API's: one budget per credential), before its form is parsed. A request that does
 * not fit is a 429 page with Retry-After.
 */
/** What sessions are read from: the credential, its sign-outs, and its organization's name. */
export interface SessionStores {
  credentials: CredentialStore
  settings: SettingStore
  organizations: OrganizationStore
}

export function registerSessions(app: FastifyInstance, stores: SessionStores, budget?: Budget): void {
  app.decorateRequest('dashboardSession', null)
  app.decorateRequest('dashboardSessionEnded', null)
  app.addHook('onRequest', async (request, reply) => {
    const { session, ended } = await readSession(request, stores)
    request.dashboardSession = session
    request.dashboardSessionEnded = ended ?? null
    if (!session || !budget) return
    const wait = budget.take(session.credential.id, costOf(request.method))
    if (wait === undefined) return
    reply.header('retry-after', String(wait))
    throw Object.assign(
      new Error(`Too many requests with this key, here and through the API together. Try again in ${wait} second${wait === 1 ? '' : 's'}.`),
      { statusCode: 429 },
    )
  })
}

/** Stores the session in its cookie: at sign-in, and again when the mode changes (the expiry stays). */
export function saveSession(reply: FastifyReply, session: DashboardSession): void {
  const options = dashboardCookieOptions(reply.server.dashboardPaths.root)
  const stored: SessionCookie = {
    credentialId: session.credential.id,
    organizationId: session.credential.organizationId,
    mode: session.mode,
    issuedAt: session.issuedAt,
    expiresAt: session.expiresAt,
  }
  const value = Buffer.from(JSON.stringify(stored)).toString('base64url')
  const maxAge = Math.max(0, Math.floor((session.expiresAt - Date.now()) / 1000))
  reply.setCookie(SESSION_COOKIE, value, { ...options, maxAge })
}

/** A new session for a credential that just signed in. Access tokens start in test mode, the harmless one. */
export function newSession(credential: Credential, organizationName: string): DashboardSession {
  const modes = modesOf(credential)
  return {
    credential,
    organizationName,
    mode: modes.includes('test') ? 'test' : modes[0]!,
    modes,
    issuedAt: Date.now(),
    expiresAt: Date.now() + SESSION_LIFETIME_MS,
  }
}

export function endSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: reply.server.dashboardPaths.root })
}
