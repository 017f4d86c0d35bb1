/** What the setup checklist looks at: counts from the API. */
export interface SetupFacts {
  readonly departments: number;
  readonly positions: number;
  readonly employees: number;
  readonly runtimesWithGuardrail: number;
  readonly modelPrices: number;
  readonly knowledgeBases: number;
  readonly connectedAccounts: number;
  readonly budgets: number;
}

export interface SetupStep {
  readonly id: string;
  readonly label: string;
  readonly done: boolean;
  readonly href: string;
}

/** The steps to a working platform, in the order an administrator takes them. Pure. */
export function setupSteps(facts: SetupFacts): SetupStep[] {
  return [
    {
      id: 'departments',
      label: 'Create departments',
      done: facts.departments > 0,
      href: '/organization',
    },
    {
      id: 'positions',
      label: 'Define positions',
      done: facts.positions > 0,
      href: '/organization',
    },
    // The first administrator exists from the start; a platform needs its people.
    { id: 'employees', label: 'Add employees', done: facts.employees > 1, href: '/organization' },
    {
      id: 'guardrail',
      label: 'Put a guardrail on a runtime',
      done: facts.runtimesWithGuardrail > 0,
      href: '/security',
    },
    { id: 'prices', label: 'Set model prices', done: facts.modelPrices > 0, href: '/usage' },
    {
      id: 'knowledge',
      label: 'Upload knowledge',
      done: facts.knowledgeBases > 0,
      href: '/knowledge',
    },
    {
      id: 'channels',
      label: 'Connect an IM channel',
      done: facts.connectedAccounts > 0,
      href: '/channels',
    },
    { id: 'budgets', label: 'Set budgets', done: facts.budgets > 0, href: '/usage' },
  ];
}
