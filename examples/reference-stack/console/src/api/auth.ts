import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type { Me, SignInResult } from './types.js';

export const signIn = (employeeId: string, password: string) =>
  api.call<SignInResult>(endpoints.login, { body: { employeeId, password } });

export const signOut = () => api.call<void>(endpoints.logout);

export const fetchMe = (signal?: AbortSignal) =>
  api.call<Me>(endpoints.me, signal ? { signal } : {});

export const changePassword = (currentPassword: string, newPassword: string) =>
  api.call<SignInResult>(endpoints.changePassword, { body: { currentPassword, newPassword } });
