import baseConfig from '../../eslint.config.mjs';

/**
 * The workspace rules, plus one exception: the web app loads the password policy of shared-dto
 * (zxcvbn, 1.6 MB) with a dynamic import while importing the rest statically.
 */
export default baseConfig.map((config) => {
  const rule = config.rules?.['@nx/enforce-module-boundaries'];
  if (!rule) return config;
  const [level, options] = rule;
  return {
    ...config,
    rules: {
      ...config.rules,
      '@nx/enforce-module-boundaries': [
        level,
        { ...options, checkDynamicDependenciesExceptions: ['@hd/shared/dto'] },
      ],
    },
  };
});
