import type { DemoKnowledgeBase } from '../types.js';

const securityPolicy = `# Information security policy

Owner: Legal & Compliance with Platform (Chris Morgan). Applies to every employee, contractor and agent. ACME is SOC 2 Type II certified; this policy is what auditors test.

## Data classification
| Class | Examples | Rules |
|---|---|---|
| Public | website, published docs, status page | no restrictions |
| Internal | handbook, roadmaps, org chart | ACME systems only |
| Confidential | customer data, contracts, pipeline, source code | need-to-know, never in personal tools |
| Restricted | credentials, salaries, board material, personal data | named people only, encrypted, logged |

## Accounts and access
- Single sign-on through Okta with MFA (Okta Verify or a security key) for every system.
- Passwords: at least 14 characters, from the password manager (1Password); never reused, never shared.
- Access follows least privilege and is requested through an ITHELP ticket with manager approval. Production and customer-data access also needs Platform approval and expires after 90 days.
- Access reviews every quarter; leavers lose all access on their last day.

## Devices
Full-disk encryption, screen lock after 5 minutes, automatic updates, endpoint protection. Lost or stolen devices are reported to security@acme.example within one hour.

## AI agents
- Agents run under the same rules as people. Tool permissions are enforced by configuration, not only instructions.
- Never paste credentials into a chat. Anything that was pasted is treated as exposed and rotated.
- Customer data may be processed by agents only on ACME's AWS account in the customer's region.

## Incidents
Report suspected incidents (phishing, leaked secrets, unusual access) to security@acme.example or the IT Help Desk agent immediately. Do not investigate on your own.

## Approved questionnaire answers
- Hosting: AWS us-east-1 (US) and eu-central-1 (EU); customer data stays in the chosen region.
- Encryption: TLS 1.2+ in transit, AES-256 at rest with AWS KMS.
- Certifications: SOC 2 Type II (report under NDA), GDPR DPA available; ISO 27001 planned, not yet certified.
- Backups: daily, retained 35 days, restore tested quarterly.
- Penetration testing: annual third-party test; summary letter under NDA.
- Subprocessors: listed on the Trust Center; 30 days notice before changes.
`;

const itSupport = `# IT support

IT for ACME is run by the Platform team (Chris Morgan, Lisa Chen) and the Admin Lab. Start with the **IT Help Desk** agent: it is always on, solves common problems and opens tickets for you.

## Getting help
1. Ask the IT Help Desk agent on the portal or in chat.
2. If it cannot solve it, it opens a ticket in Jira Service Management (project ITHELP) and gives you the key.
3. Response targets: P1 (cannot work, security issue) 1 hour; P2 (degraded) 4 hours; P3 next business day.

## Self-service
- **Password reset**: okta.acme.example, "Forgot password"; you need Okta Verify.
- **New MFA device**: ask the IT Help Desk agent; it verifies you through your manager before re-enrollment.
- **VPN**: GlobalProtect, portal vpn.acme.example. Only needed for production consoles and the finance systems.
- **Software**: install from the Self Service app. Anything not in the catalog needs an ITHELP Software request; Legal & Compliance reviews new vendors that handle Confidential data.

## Access requests
Open an ITHELP Access request naming the system, the role you need and why. Your manager approves in the ticket. Production and customer-data access also need Platform approval and expire after 90 days.

## New joiners
IT orders laptops 10 business days before the start date. Day 1: sign in with the temporary password from HR, enroll Okta Verify, then install updates before anything else.

## Leaving
Return your laptop within 5 business days using the prepaid box IT sends you. Accounts close at 18:00 local time on your last day.
`;

export const itSecurity: DemoKnowledgeBase = {
  id: 'it-security',
  name: 'IT and security',
  description:
    'Security policy, data classification, approved questionnaire answers, and how to get IT help.',
  kind: 'topic',
  documents: [
    {
      id: 'security-policy',
      title: 'Information security policy',
      fileName: 'security-policy.md',
      description:
        'Data classes, access, devices, AI agents, incidents, approved questionnaire answers.',
      content: securityPolicy,
    },
    {
      id: 'it-support',
      title: 'IT support',
      fileName: 'it-support.md',
      description:
        'IT Help Desk, ITHELP tickets and response times, self-service, access, joiners and leavers.',
      content: itSupport,
    },
  ],
  assignments: [{ kind: 'everyone' }],
};
