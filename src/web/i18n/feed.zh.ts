// 简体中文: discovery — the home page's 发现 and 关注 feeds, trending topics, "不感兴趣" and topic
// pages. The type keeps the keys in step with feed.en.ts. (Chinese has one plural form: the `_one`
// keys are only there to satisfy the type.)
import type { Messages } from './en.ts';

export const feedZh: Pick<Messages, 'feed' | 'topic'> = {
  feed: {
    tabsLabel: '信息流',
    explore: '发现',
    following: '关注',
    exploreLabel: '发现的笔记',
    followingLabel: '你关注的人的笔记',
    exploreEnd: '暂时就这些啦',
    followingEnd: '关注的人的笔记都在这里了',
    refresh: '换一批',
    followingEmptyTitle: '关注的人还没有新笔记',
    followingEmptyBody: '关注喜欢的作者，他们的新笔记会出现在这里。',
    findPeople: '去发现看看',
    signInTitle: '看看你关注的人在分享什么',
    signInBody: '登录后即可关注作者，他们的新笔记都会在这里等你。',
    cardMenu: '“{{title}}”的更多操作',
    notInterested: '不感兴趣',
    notInterestedDone: '好的，将减少此类笔记的推荐',
    trending: '热门',
    trendingLabel: '热门话题',
  },
  topic: {
    views_one: '{{formatted}} 次浏览',
    views_other: '{{formatted}} 次浏览',
    participants_one: '{{formatted}} 人参与',
    participants_other: '{{formatted}} 人参与',
    notes_one: '{{formatted}} 篇笔记',
    notes_other: '{{formatted}} 篇笔记',
    stats: '#{{tag}} 的数据',
    follow: '关注',
    following: '已关注',
    unfollow: '取消关注 #{{tag}}',
    sortLabel: '笔记排序',
    hot: '热门',
    new: '最新',
    related: '相关',
    relatedLabel: '相关话题',
    hotLabel: '带有 #{{tag}} 的热门笔记',
    newLabel: '带有 #{{tag}} 的最新笔记',
    end: '带有 #{{tag}} 的笔记都在这里了',
  },
};
