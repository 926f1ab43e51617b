#!/usr/bin/env node
// The compiled CLI (npm install builds dist/ through the prepare script).
import { runCli } from '../dist/cli.js'

process.exitCode = await runCli(process.argv.slice(2))
