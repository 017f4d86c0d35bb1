import { createApp } from '../src/app.js';

// `cdk synth` / `cdk deploy` run this (see cdk.json). Settings come from cdk.json's context and
// `-c clawforce:<key>=<value>` flags; src/config.ts lists them.
createApp().app.synth();
