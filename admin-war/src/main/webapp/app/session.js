// Who is logged in, as GET /api/me said. Controls that change anything are built only for admins:
// a viewer is never shown a button the server would refuse (the server still enforces the roles).

let user = { name: null, roles: [] };

export function setUser(me) {
  user = { name: me?.name ?? null, roles: Array.isArray(me?.roles) ? me.roles : [] };
}

export function userName() {
  return user.name;
}

export function roles() {
  return [...user.roles];
}

export function isAdmin() {
  return user.roles.includes('admin');
}
