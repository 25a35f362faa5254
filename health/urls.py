from django.urls import path

from .views import editor, modules, reader

app_name = "health"

urlpatterns = [
    path("", reader.square, name="square"),
    path("search/", reader.search, name="search"),
    path("themes/<slug:slug>/", reader.theme, name="theme"),
    path("articles/<slug:slug>/", reader.article, name="article"),
    path("images/<int:pk>/", reader.image, name="image"),
    path("modules/<slug:slug>/", modules.module, name="module"),
    path("modules/<slug:slug>/lessons/<int:number>/", modules.lesson, name="lesson"),
    path("modules/<slug:slug>/lessons/<int:number>/done/", modules.lesson_done, name="lesson_done"),
    path("modules/<slug:slug>/check/", modules.check, name="check"),
    path("editor/", editor.article_list, name="editor"),
    path("editor/new/", editor.article_new, name="editor_new"),
    path("editor/<int:pk>/", editor.article_edit, name="editor_edit"),
    path("editor/<int:pk>/preview/", editor.article_preview, name="editor_preview"),
    path("editor/<int:pk>/publish/", editor.article_publish_view, name="editor_publish"),
    path("editor/<int:pk>/unpublish/", editor.article_unpublish_view, name="editor_unpublish"),
    path("editor/<int:pk>/history/", editor.article_history, name="editor_history"),
    path("editor/<int:pk>/history/<int:revision_id>/restore/", editor.article_restore_view, name="editor_restore"),
]
