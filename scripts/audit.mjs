// CI's dependency audit: fails on high or critical advisories. Where the registry offers no advisory service
// (some mirrors answer 405), it says so plainly and does not fail: an audit that cannot run has found nothing,
// and pretending otherwise would block every change for a reason outside the project.
import { execFileSync } from 'node:child_process'

let output
try {
  output = execFileSync('npm', ['audit', '--json', '--audit-level=high'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
} catch (error) {
  output = error.stdout ?? ''
}
let report
try {
  report = JSON.parse(output)
} catch {
  console.log('npm audit: no readable answer from the advisory service; not checked')
  process.exit(0)
}
const counts = report.metadata?.vulnerabilities
if (!counts) {
  console.log(`npm audit: the advisory service is unavailable (${report.statusCode ?? report.message ?? 'no answer'}); not checked`)
  process.exit(0)
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0)
console.log(`npm audit: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`)
process.exit(serious > 0 ? 1 : 0)
