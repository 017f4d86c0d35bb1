import { ClawforceError } from '@clawforce/core';
import { agentsSections, languageName } from './internal/agents.js';
import { type AgentOwnedFile, fitBudget, PRIORITY, type Section } from './internal/budget.js';
import { buildConfig, resolveModel, splitModelRef } from './internal/config.js';
import { renderChannels, renderIdentity, renderUser } from './internal/identity.js';
import { validateAssemblyInput } from './internal/input.js';
import { knowledgeFiles, knowledgeWithheld } from './internal/knowledge.js';
import { assertWorkspacePath } from './internal/paths.js';
import { renderSessionContext, sessionContextBody } from './internal/session-context.js';
import { chooseSkills, renderSkill } from './internal/skills.js';
import { soulSections } from './internal/soul.js';
import { subjectOf } from './internal/subject.js';
import { planTools, renderTools, toolLayers } from './internal/tools.js';
import { storedWorkspaceLocation } from './layout.js';
import { openclawProfile } from './openclaw-profile.js';
import type { AssemblyInput, AssemblyReport, WorkspaceFile, WorkspacePlan } from './types.js';

function directoryStatus(
  markdown: string | undefined,
  original: string | undefined,
  kept: string | undefined,
): AssemblyReport['knowledge']['directory'] {
  if (markdown === undefined) return 'absent';
  if (kept === original) return 'inlined';
  return kept === undefined || kept === '' || kept.startsWith('_[')
    ? 'not inlined'
    : 'partly inlined';
}

const posixJoin = (directory: string, name: string) => `${directory.replace(/\/+$/, '')}/${name}`;

/**
 * Turns one (organization, agent, access path, session) into exactly what OpenClaw reads: the
 * workspace files, the config object and a report of what was included, cut and why. Pure: no
 * I/O, no clock, no randomness; the same input always gives the same plan. Throws a
 * `ClawforceError` (`validation_failed`, `forbidden`) for bad or inconsistent input before
 * anything is produced.
 */
export function assembleWorkspace(input: AssemblyInput): WorkspacePlan {
  const valid = validateAssemblyInput(input);
  const { profile, exact } = openclawProfile(valid.openclawVersion);
  const subject = subjectOf(valid);
  const notes: string[] = [...(valid.notes ?? [])];
  if (!exact)
    notes.push(
      `OpenClaw ${valid.openclawVersion} uses the profile verified for ${profile.version}.`,
    );

  const shellDenial =
    valid.options?.shellDenial ??
    (profile.deniedToolIsVisibleToModel ? 'remove-tool' : 'refuse-call');
  const agentId = valid.options?.openclawAgentId ?? 'main';
  const tools = planTools(toolLayers(valid, subject), shellDenial, agentId);
  const skills = chooseSkills(valid.skills, subject);
  const knowledge = knowledgeFiles(valid, subject);
  const withheld = knowledgeWithheld(subject);
  if (withheld) notes.push(withheld);
  const directoryFile = knowledge.find((file) => file.isDirectory);
  const directoryMarkdown = withheld ? undefined : (valid.directory ?? directoryFile?.content);
  const resolved = resolveModel(valid, subject);
  const language = languageName(resolved.config.responseLanguage);
  const location = storedWorkspaceLocation(valid.accessPath);
  const memoryWritable = location?.writable ?? false;
  const stored = location ? valid.storedWorkspace : [];
  if (!location && valid.storedWorkspace.length > 0)
    notes.push(
      'stored workspace files were given for an access path without memory; they were left out',
    );

  const sessionBody = sessionContextBody(valid, subject);
  const includedSkillNames = skills.included.map(({ skill }) => skill.name);
  const coreSkills = (subject.position?.defaultSkills ?? []).filter((name) =>
    includedSkillNames.includes(name),
  );
  const soul = soulSections(valid, subject);
  const sections: Section[] = [
    ...agentsSections({
      input: valid,
      subject,
      sessionBody,
      responseLanguage: resolved.config.responseLanguage,
      knowledgeFiles: knowledge,
      ...(directoryMarkdown !== undefined
        ? {
            directory: {
              markdown: directoryMarkdown,
              ...(directoryFile ? { path: directoryFile.path } : {}),
            },
          }
        : {}),
      coreSkills,
      memoryPaths: stored.map((file) => file.path),
      perFileMaxChars: profile.perFileMaxChars,
    }),
    ...soul.sections,
    {
      file: 'TOOLS.md',
      id: 'tools',
      label: 'tool permissions',
      priority: PRIORITY.critical,
      cut: 'never',
      text: renderTools(tools, valid.workspaceDirectory, shellDenial),
    },
    {
      file: 'IDENTITY.md',
      id: 'identity',
      label: 'identity',
      priority: PRIORITY.critical,
      cut: 'never',
      text: renderIdentity(valid, subject),
    },
  ];

  // USER.md, MEMORY.md and HEARTBEAT.md are never cut on disk: a checkpoint would store the
  // cut text back over the real one. They are counted at what OpenClaw injects of them.
  const user = renderUser(valid, subject);
  const storedByPath = new Map(stored.map((file) => [file.path, file.content]));
  const agentOwned: AgentOwnedFile[] = [
    { file: 'USER.md', chars: user.length, priority: PRIORITY.personal },
  ];
  for (const name of ['HEARTBEAT.md', 'MEMORY.md']) {
    const content = storedByPath.get(name);
    if (content !== undefined)
      agentOwned.push({ file: name, chars: content.length, priority: PRIORITY.agentOwned });
  }
  const present = new Set([
    ...sections.map((section) => section.file),
    ...agentOwned.map((file) => file.file),
  ]);
  const fixed = profile.announcedWhenMissing
    .filter((name) => !present.has(name))
    .map((name) => ({
      file: name,
      chars: `[MISSING] Expected at: ${posixJoin(valid.workspaceDirectory, name)}`.length,
    }));
  const fitted = fitBudget(sections, agentOwned, {
    perFileMaxChars: profile.perFileMaxChars,
    totalMaxChars: profile.totalMaxChars,
    order: profile.bootstrapFiles,
    fixed,
  });

  const injected = new Set(profile.bootstrapFiles);
  const files: WorkspaceFile[] = [];
  const add = (path: string, content: string, origin: WorkspaceFile['origin']) =>
    files.push({ path, content, origin, injected: injected.has(path) });
  for (const [file, text] of fitted.files) add(file, text, 'generated');
  add('USER.md', user, 'generated');
  add('SESSION_CONTEXT.md', renderSessionContext(sessionBody), 'generated');
  add('CHANNELS.md', renderChannels(valid, subject), 'generated');
  for (const file of stored) add(file.path, file.content, 'stored');
  for (const file of knowledge) add(file.path, file.content, 'knowledge');
  for (const { skill } of skills.included)
    add(`skills/${skill.name}/SKILL.md`, renderSkill(skill), 'skill');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let index = 0; index < files.length; index += 1) {
    const file = files[index] as WorkspaceFile;
    assertWorkspacePath(file.path, `files.${index}.path`);
    if (index > 0 && files[index - 1]?.path === file.path)
      throw new ClawforceError('conflict', `two workspace files share the path ${file.path}`);
  }

  for (const shortfall of fitted.agentOwnedShortfalls) {
    notes.push(
      `${shortfall.file} has ${shortfall.chars} characters; OpenClaw will show ${shortfall.shownChars} of them (the file itself is complete).`,
    );
  }
  const providerConfigured = splitModelRef(resolved.config.model).provider in valid.providers;
  if (!providerConfigured)
    notes.push(
      `no provider settings for ${splitModelRef(resolved.config.model).provider}: OpenClaw's built-in provider is used`,
    );

  const report: AssemblyReport = {
    openclaw: { version: valid.openclawVersion, profile: profile.version, exact },
    accessPath: valid.accessPath.kind,
    sessionId: valid.sessionId,
    agent: { kind: subject.kind, id: subject.id, name: subject.name },
    budget: {
      perFileMaxChars: profile.perFileMaxChars,
      totalMaxChars: profile.totalMaxChars,
      injectedChars: fitted.totalInjectedChars,
      files: profile.bootstrapFiles.map((path) => ({
        path,
        chars: files.find((file) => file.path === path)?.content.length ?? 0,
        injectedChars: fitted.injectedChars.get(path) ?? 0,
      })),
    },
    cuts: fitted.cuts,
    soul: soul.layers,
    knowledge: {
      files: knowledge.map((file) => ({
        path: file.path,
        knowledgeBaseId: file.knowledgeBaseId,
        title: file.title,
        chars: file.content.length,
        assignedTo: file.assignedTo,
      })),
      directory: directoryStatus(
        directoryMarkdown,
        sections.find((section) => section.id === 'agents.directory')?.text,
        fitted.sectionTexts.get('agents.directory'),
      ),
    },
    skills: {
      included: skills.included.map(({ skill, because }) => ({ name: skill.name, because })),
      excluded: skills.excluded,
    },
    tools: {
      exec: tools.effective.exec,
      execAllowlist: tools.effective.execAllowlist,
      decisions: tools.decisions,
    },
    model: { ref: resolved.config.model, sources: resolved.sources, providerConfigured },
    memory: {
      files: stored.length,
      chars: stored.reduce((sum, file) => sum + file.content.length, 0),
      writeBack: !location ? 'none' : location.writable ? 'read-write' : 'read-only',
      storedAt: location?.prefix ?? null,
    },
    notes,
  };

  const config = buildConfig({
    input: valid,
    profile,
    resolved,
    tools: tools.config,
    skills: includedSkillNames,
    memoryWritable,
    languageName: language.replace(/ \(`[^`]*`\)$/, ''),
  });
  return tools.execApprovals
    ? { files, config, execApprovals: tools.execApprovals, report }
    : { files, config, report };
}
