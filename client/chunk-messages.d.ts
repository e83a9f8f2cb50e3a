/** A chunk's messages in every language, built into it (scripts/build-client.mjs). */
declare module 'messages:*' {
  const messages: import('./messages').ByLanguage;
  export default messages;
}
