import type { Command } from '../command.js';
import { alertsCommand } from './alerts.js';
import { flowCommand } from './flow.js';
import { flowsCommand } from './flows.js';
import { logsCommand } from './logs.js';
import { modelsCommand } from './models.js';
import { startCommand } from './start.js';

/** Every `hoptrace` subcommand, in the order `hoptrace --help` lists them. */
export const COMMANDS: readonly Command[] = [startCommand, flowCommand, flowsCommand, alertsCommand, modelsCommand, logsCommand];
