/**
 * `npm run bench`: each suite starts what it measures (real app, real Redis, loopback fakes) and
 * prints a table. Pick suites with arguments: `npm run bench -- chat workspace`.
 */
const SUITES: Record<string, () => Promise<void>> = {
  workspace: async () => (await import('./workspace.js')).runWorkspaceBench(),
  chat: async () => (await import('./chat.js')).runChatBench(),
  discord: async () => (await import('./discord.js')).runDiscordBench(),
  roundtable: async () => (await import('./roundtable.js')).runRoundtableBench(),
};

const wanted = process.argv.slice(2).filter((a) => a in SUITES);
for (const name of wanted.length ? wanted : Object.keys(SUITES)) {
  console.log(`\n### ${name}`);
  const started = Date.now();
  try {
    await SUITES[name]!();
  } catch (err) {
    console.error(`${name} bench failed:`, err);
    process.exitCode = 1;
  }
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
process.exit(process.exitCode ?? 0);
