import { hrefOf } from '../../app/routes';

export const deadLetterHref = (messageId: string): string => hrefOf({ page: 'dead-letter', messageId });
