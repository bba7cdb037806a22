/** The CLI as a process: `node --import tsx server/cli/parley.ts …`, or cli.js in the bundle. */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
