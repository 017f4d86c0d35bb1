import { seedStage, seedTargetFromEnvironment } from '../src/seed.js';

// Loads the ACME demo company into a deployed stage. docs/deploy-aws.md shows how to set the
// variables from the stack outputs; AWS credentials come from the usual SDK chain.
try {
  const report = await seedStage(seedTargetFromEnvironment(process.env));
  for (const [entity, created] of Object.entries(report.created)) {
    const present = report.present[entity as keyof typeof report.present];
    console.log(
      `${entity.padEnd(22)} created ${String(created).padStart(4)}   already there ${present}`,
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
