// Runs the suite's proxy client (as its cli.mjs does) against a base URL, then classifies every result with the
// suite's own determineTestResult (lib/display.mjs, dependencies honoured, as cache-tests.fyi shows them).
// Usage: node client.mjs <base-url> <results.json> [test-id]
// Prints one line per test: "RESULT <id> <kind> <outcome> <message>" and the raw results go to <results.json>.
import fs from 'fs'
import fetch from 'node-fetch'
import { runTests, getResults } from 'http-cache-tests/client/runner.mjs'
import { determineTestResult } from 'http-cache-tests/lib/display.mjs'
import tests from 'http-cache-tests/tests/index.mjs'
import surrogate from 'http-cache-tests/tests/surrogate-control.mjs'

tests.push(surrogate) // as cli.mjs does

const [baseUrl, outFile, onlyId] = process.argv.slice(2)
let toRun = tests
if (onlyId) {
  toRun = []
  tests.forEach(suite => suite.tests.forEach(test => {
    if (test.id === onlyId) {
      test.dump = true
      toRun.push({ name: suite.name, id: suite.id, tests: [test] })
    }
  }))
}

const outcomeNames = {
  '-': 'untested',
  '✅': 'pass',
  '⛔️': 'fail',
  '⚠️': 'optional_fail',
  Y: 'yes',
  N: 'no',
  '🔹': 'setup_fail',
  '⁉️': 'harness_fail',
  '⚪️': 'dependency_fail',
  '↻': 'retry'
}

await runTests(toRun, fetch, false, baseUrl)
const results = getResults()
fs.writeFileSync(outFile, JSON.stringify(results, null, 2))
for (const suite of toRun) {
  for (const test of suite.tests) {
    if (test.browser_only === true) continue // the proxy client never runs these (client/runner.mjs)
    const outcome = outcomeNames[determineTestResult(tests, test.id, results)[2]] || 'unknown'
    const raw = results[test.id]
    const message = raw === true ? '' : (Array.isArray(raw) ? raw.join(': ') : String(raw))
    console.log(`RESULT ${test.id} ${test.kind || 'required'} ${outcome} ${message.replace(/\s+/g, ' ')}`)
  }
}
