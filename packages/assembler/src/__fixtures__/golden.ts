import type { WorkspacePlan } from '../types.js';

const number = (value: number) => value.toLocaleString('en-US');
const fence = (language: string, text: string) =>
  `\`\`\`\`${language}\n${text.replace(/\n$/, '')}\n\`\`\`\``;

/** The body of AGENTS.md's directory section is the same in every golden; it has its own file. */
function elideDirectory(agents: string): string {
  const start = agents.indexOf('## Company directory\n');
  if (start === -1) return agents;
  const body = agents.slice(start + '## Company directory\n'.length);
  return `${agents.slice(0, start)}## Company directory\n\n[company directory inlined here: ${number(body.trim().length)} characters, shown once in company-directory.txt]\n`;
}

/**
 * Renders a plan as a document a person reads top to bottom: what was decided, then every file
 * that reaches the model in full, then the config. Knowledge and skill bodies are listed, not
 * repeated: they are copied from the catalog unchanged.
 */
export function renderGolden(title: string, plan: WorkspacePlan): string {
  const { report } = plan;
  const lines: string[] = [
    `# ${title}`,
    '',
    `Assembled for OpenClaw ${report.openclaw.version} (profile ${report.openclaw.profile}). Update with \`npx vitest run packages/assembler -u\`.`,
    '',
    '## Decisions',
    '',
    `- Agent: ${report.agent.name} (${report.agent.kind}, \`${report.agent.id}\`)`,
    `- Model: \`${report.model.ref}\`${report.model.providerConfigured ? '' : ' (OpenClaw built-in provider)'}; decided by: ${Object.entries(
      report.model.sources,
    )
      .map(([field, source]) => `${field} ← ${source}`)
      .join(', ')}`,
    `- Shell: ${report.tools.exec}${report.tools.exec === 'allowlist' ? ` (${report.tools.execAllowlist.length} programs)` : ''}`,
    `- Tools refused: ${
      report.tools.decisions
        .filter((decision) => !decision.allowed)
        .map((decision) => `${decision.tool} (${decision.because})`)
        .join('; ') || 'none'
    }`,
    `- Skills (${report.skills.included.length}): ${report.skills.included.map((skill) => skill.name).join(', ') || 'none'}`,
    `- Skills left out (${report.skills.excluded.length}): ${report.skills.excluded.map((skill) => `${skill.name} (${skill.because})`).join('; ') || 'none'}`,
    `- Knowledge (${report.knowledge.files.length} files, directory ${report.knowledge.directory})`,
    `- Memory: ${report.memory.files} file(s), ${report.memory.writeBack}${report.memory.storedAt ? `, stored at \`${report.memory.storedAt}\`` : ''}`,
    `- SOUL layers: ${report.soul.map((layer) => `${layer.name} (${layer.version})`).join(' → ') || 'none'}`,
    `- Prompt budget: ${number(report.budget.injectedChars)} of ${number(report.budget.totalMaxChars)} characters injected; cuts: ${report.cuts.map((cut) => `${cut.section} in ${cut.file} (${number(cut.keptChars)} of ${number(cut.originalChars)} kept: ${cut.reason})`).join('; ') || 'none'}`,
    ...report.notes.map((note) => `- Note: ${note}`),
    '',
    '## Files',
    '',
    ...plan.files.map(
      (file) =>
        `- \`${file.path}\` — ${file.origin}, ${file.injected ? 'in the prompt' : 'not in the prompt'}, ${number(file.content.length)} characters`,
    ),
    '',
  ];
  for (const file of plan.files) {
    if (file.origin !== 'generated' && !(file.origin === 'stored' && file.injected)) continue;
    const text = file.path === 'AGENTS.md' ? elideDirectory(file.content) : file.content;
    lines.push(`## ${file.path}`, '', fence('markdown', text), '');
  }
  lines.push('## openclaw.json', '', fence('json', JSON.stringify(plan.config, null, 2)), '');
  if (plan.execApprovals)
    lines.push(
      '## $HOME/.openclaw/exec-approvals.json',
      '',
      fence('json', JSON.stringify(plan.execApprovals, null, 2)),
      '',
    );
  return `${lines.join('\n').trimEnd()}\n`;
}
