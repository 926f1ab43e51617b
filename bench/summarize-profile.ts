/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) as text: where the time went by function (self time, and
 * total time with callees), and by package or source file. A flame graph shows the same at a glance; this makes
 * it quotable in an issue and diffable between runs.
 *
 *   node --import tsx bench/summarize-profile.ts bench/results/profiles/<file>.cpuprofile [--top 30] [--focus src/]
 */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface CostLine {
  /** A function (`name file:line`) or a place (package, file). */
  label: string
  selfMs: number
  totalMs: number
}

export interface ProfileSummary {
  /** Sampled time, idle excluded. */
  busyMs: number
  idleMs: number
  functions: CostLine[]
  places: CostLine[]
}

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * Where a frame's code lives: a package, a node internal, our source, or V8's own bookkeeping. Frames without a
 * URL are native bindings (writev, a SQLite step inlined into its caller shows under the caller instead) or code
 * compiled at run time with new Function, such as fast-json-stringify's serializers and ajv's validators.
 */
export function placeOf(frame: CallFrame): string {
  const { url, functionName } = frame
  if (url === '') return functionName.startsWith('(') ? functionName : '(native, or made by new Function)'
  if (url.startsWith('node:')) return 'node: internals'
  const path = url.startsWith('file://') ? fileURLToPath(url) : url
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  if (inPackage) return inPackage[1]!
  return path.startsWith(ROOT) ? relative(ROOT, path) : path
}

function functionLabel(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)'
  if (frame.url === '') return name
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url
  const shown = path.startsWith(ROOT) ? relative(ROOT, path).replace(/^node_modules\//, '') : path
  return `${name} ${shown}:${frame.lineNumber + 1}`
}

/**
 * Self time: the samples in which a function was on top of the stack. Total time: the samples in which it was
 * anywhere on the stack, counted once per sample however deep it recurses.
 */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)

  const functions = new Map<string, CostLine>()
  const places = new Map<string, CostLine>()
  const line = (table: Map<string, CostLine>, label: string) => {
    let entry = table.get(label)
    if (!entry) table.set(label, (entry = { label, selfMs: 0, totalMs: 0 }))
    return entry
  }
  let busyMs = 0
  let idleMs = 0
  // timeDeltas[i] is the time from sample i-1 to sample i; the time a sample stands for is the gap after it.
  for (let i = 0; i < profile.samples.length; i++) {
    const nextDelta = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0
    const ms = Math.max(0, nextDelta) / 1000
    const node = byId.get(profile.samples[i]!)!
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms
      continue
    }
    busyMs += ms
    line(functions, functionLabel(node.callFrame)).selfMs += ms
    line(places, placeOf(node.callFrame)).selfMs += ms
    const seenFunctions = new Set<string>()
    const seenPlaces = new Set<string>()
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)!.callFrame
      if (frame.functionName === '(root)') break
      const label = functionLabel(frame)
      if (!seenFunctions.has(label)) {
        seenFunctions.add(label)
        line(functions, label).totalMs += ms
      }
      const place = placeOf(frame)
      if (!seenPlaces.has(place)) {
        seenPlaces.add(place)
        line(places, place).totalMs += ms
      }
    }
  }
  const bySelf = (a: CostLine, b: CostLine) => b.selfMs - a.selfMs
  return {
    busyMs,
    idleMs,
    functions: [...functions.values()].sort(bySelf),
    places: [...places.values()].sort(bySelf),
  }
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
}

/** The summary as text tables; `focus` keeps only functions whose label contains it (in the total-time table). */
export function formatSummary(summary: ProfileSummary, { top = 30, focus }: { top?: number; focus?: string } = {}): string {
  const percent = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1).padStart(5)}%`
  const row = (entry: CostLine) =>
    `${percent(entry.selfMs)} ${entry.selfMs.toFixed(0).padStart(7)} ms self ${percent(entry.totalMs)} total  ${entry.label}`
  const byTotal = [...summary.functions]
    .filter((entry) => (focus ? entry.label.includes(focus) : !entry.label.startsWith('(')))
    .sort((a, b) => b.totalMs - a.totalMs)
  return [
    `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms (${((summary.busyMs / (summary.busyMs + summary.idleMs)) * 100).toFixed(0)}% busy)`,
    '',
    'By package or file (self time; total = anywhere on the stack):',
    ...summary.places.slice(0, top).map(row),
    '',
    `Top ${top} functions by self time:`,
    ...summary.functions.slice(0, top).map(row),
    '',
    `Top ${top} functions by total time${focus ? ` (matching '${focus}')` : ''}:`,
    ...byTotal.slice(0, top).map(row),
  ].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '30' }, focus: { type: 'string' } },
    allowPositionals: true,
  })
  if (positionals.length !== 1) {
    console.error('usage: node --import tsx bench/summarize-profile.ts FILE.cpuprofile [--top N] [--focus TEXT]')
    process.exit(2)
  }
  console.log(formatSummary(summarizeProfile(readProfile(positionals[0]!)), { top: Number(values.top), focus: values.focus }))
}
