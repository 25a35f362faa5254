app_name = "checkups"
urlpatterns = []
