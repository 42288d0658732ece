import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { lastCommitDate } from './utils/git-dates.ts';

export const onRequest = defineRouteMiddleware((context) => {
	const route = context.locals.starlightRoute;
	// A date in frontmatter wins; otherwise the note's last commit (Starlight can't see content/).
	if (!route.lastUpdated && route.entry.filePath) {
		route.lastUpdated = lastCommitDate(route.entry.filePath);
	}
});
