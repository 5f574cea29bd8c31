// Next.js's defaults. Without a config of its own, Next.js would look in the folders above the
// copy (.data-bench/bare) and load the app's next.config.js.
const config = {};

export default config;
